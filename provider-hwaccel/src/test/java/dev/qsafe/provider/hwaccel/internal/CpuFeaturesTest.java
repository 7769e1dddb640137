package dev.qsafe.provider.hwaccel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuFeaturesTest {
    @Test
    void parse_flagsLine_reportsEachFeature() {
        CpuFeatures f = CpuFeatures.parse("processor\t: 0\nflags\t\t: fpu sse2 aes pclmulqdq avx2 sha_ni\nbogomips\t: 1\n", "test");
        assertEquals(Map.of("AES-NI", "yes", "VAES", "no", "PCLMULQDQ", "yes", "AVX2", "yes", "AVX-512", "no", "SHA-NI", "yes"),
                f.features());
        assertEquals(List.of("AES-NI", "VAES", "PCLMULQDQ", "AVX2", "AVX-512", "SHA-NI"), List.copyOf(f.features().keySet()));
        assertEquals("CPU (test): AES-NI yes, VAES no, PCLMULQDQ yes, AVX2 yes, AVX-512 no, SHA-NI yes", f.describe());
    }

    @Test
    void parse_noFlagsLine_isUnknown() {
        CpuFeatures f = CpuFeatures.parse("processor : 0\nFeatures : fp asimd aes\n", "arm");
        assertTrue(f.features().values().stream().allMatch("unknown"::equals), f.features().toString());
        assertTrue(f.source().contains("no x86 flags line"), f.source());
    }

    @Test
    void read_otherOs_isUnknownWithTheReason() {
        CpuFeatures f = CpuFeatures.read("Mac OS X", Path.of("/proc/cpuinfo"));
        assertEquals("not reported on Mac OS X", f.source());
        assertTrue(f.features().values().stream().allMatch("unknown"::equals));
    }

    @Test
    void read_missingFile_isUnknownWithTheReason() {
        CpuFeatures f = CpuFeatures.read("Linux", Path.of("/no/such/cpuinfo"));
        assertTrue(f.source().contains("unreadable"), f.source());
        assertTrue(f.features().values().stream().allMatch("unknown"::equals));
    }
}
