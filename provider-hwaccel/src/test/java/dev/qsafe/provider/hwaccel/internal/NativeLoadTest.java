package dev.qsafe.provider.hwaccel.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checks that come before a native library is loaded. This module's own tests run without
 * {@code --enable-native-access}, so the engines' modules have no native access here: the providers
 * must say so, and load nothing.
 */
class NativeLoadTest {
    private static final NativeLoad.Loader MUST_NOT_RUN = () -> fail("the loader must not run");
    private String saved;

    /** Each test starts with the switch unset (a build may run with -Dqsafe.hwaccel.native=false). */
    @BeforeEach
    void clearSwitch() {
        saved = System.getProperty(NativeLoad.SWITCH);
        System.clearProperty(NativeLoad.SWITCH);
    }

    @AfterEach
    void restoreSwitch() {
        if (saved == null) {
            System.clearProperty(NativeLoad.SWITCH);
        } else {
            System.setProperty(NativeLoad.SWITCH, saved);
        }
    }

    @Test
    void switchOff_loadsNothing_andSaysSo() {
        System.setProperty(NativeLoad.SWITCH, "false");
        NativeLoad load = NativeLoad.attempt("X", Set.of(NativeLoad.platform()), Object.class.getModule(), MUST_NOT_RUN);
        assertFalse(load.loaded());
        assertTrue(load.note().contains("-Dqsafe.hwaccel.native=false"), load.note());
    }

    @Test
    void otherPlatform_loadsNothing_andNamesBoth() {
        NativeLoad load = NativeLoad.attempt("ACCP", Set.of("plan9-mips"), Object.class.getModule(), MUST_NOT_RUN);
        assertFalse(load.loaded());
        assertTrue(load.note().contains("ACCP ships native code for plan9-mips only; this is " + NativeLoad.platform()), load.note());
    }

    @Test
    void noNativeAccess_loadsNothing_andNamesTheFlag() {
        Module conscrypt = org.conscrypt.Hkdf.class.getModule();
        assertFalse(conscrypt.isNativeAccessEnabled(), "this module's tests run without --enable-native-access");
        NativeLoad load = NativeLoad.attempt("Conscrypt", Set.of(NativeLoad.platform()), conscrypt, MUST_NOT_RUN);
        assertFalse(load.loaded());
        String flag = conscrypt.isNamed() ? conscrypt.getName() : "ALL-UNNAMED";
        assertTrue(load.note().contains("--enable-native-access=" + flag), load.note());
    }

    @Test
    void loadFailure_isReportedWithItsCause() {
        NativeLoad load = NativeLoad.attempt("X", Set.of(NativeLoad.platform()), Object.class.getModule(), () -> {
            throw new UnsatisfiedLinkError("no libx in java.library.path");
        });
        assertFalse(load.loaded());
        assertTrue(load.note().contains("X native library failed to load: UnsatisfiedLinkError: no libx in java.library.path"), load.note());
    }

    @Test
    void loadFailure_namesTheSuppressedFailures_asAccpReportsALibraryNotFoundOnItsPath() {
        NativeLoad load = NativeLoad.attempt("X", Set.of(NativeLoad.platform()), Object.class.getModule(), () -> {
            RuntimeException e = new IllegalStateException("Skipping bundled library due to system property");
            e.addSuppressed(new UnsatisfiedLinkError("no libx in java.library.path: /nowhere"));
            throw e;
        });
        assertFalse(load.loaded());
        assertTrue(load.note().contains("Skipping bundled library due to system property; suppressed UnsatisfiedLinkError: "
                + "no libx in java.library.path: /nowhere"), load.note());
    }

    @Test
    void providers_withoutNativeAccess_areUnavailable_andOfferNoEngine() {
        for (HwaccelProvider p : new HwaccelProvider[] {new ConscryptProvider(), new AccpProvider()}) {
            assertFalse(p.availability().available(), p.name());
            assertTrue(p.availability().reason().contains("native access is not enabled"), p.availability().reason());
            assertTrue(p.availability().reason().contains("CPU"), p.availability().reason());
            assertTrue(p.hardwareBacked());
            assertFalse(p.algorithms().isEmpty(), "the weight table is still listed");
            assertThrows(dev.qsafe.api.UnsupportedAlgorithmException.class, () -> p.engineAead(dev.qsafe.api.Algorithm.AES_256_GCM));
        }
    }
}
