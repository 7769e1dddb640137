package dev.qsafe.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The fuzz targets: every {@code @FuzzTest} method of the target classes, in a fixed order. */
final class Targets {
    /** The classes whose {@code @FuzzTest} methods are the targets. */
    static final List<Class<?>> CLASSES = List.of(EnvelopeFuzzTest.class, DetachedSignatureFuzzTest.class,
            KeyDecodingFuzzTest.class, IdentityFilesFuzzTest.class, ConfigurationFuzzTest.class,
            VectorFileFuzzTest.class, SessionFuzzTest.class, MultiEnvelopeFuzzTest.class, RewrapFuzzTest.class);

    /** Every target, sorted by {@link Target#name()}; the index of a target is stable while the set is. */
    static final List<Target> ALL = CLASSES.stream()
            .flatMap(c -> Arrays.stream(c.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(FuzzTest.class)))
            .map(Target::new)
            .sorted(Comparator.comparing(Target::name))
            .toList();

    private Targets() {
    }

    /** One {@code @FuzzTest} method taking {@code byte[]}. */
    record Target(Method method) {
        /** {@code SimpleClassName#method}. */
        String name() {
            return method.getDeclaringClass().getSimpleName() + "#" + method.getName();
        }

        /** {@code fully.qualified.ClassName#method}, as JUnit selects it. */
        String qualifiedName() {
            return method.getDeclaringClass().getName() + "#" + method.getName();
        }

        /** Where Jazzer keeps this target's seeds and findings, relative to the package's resources. */
        String inputsDirectory() {
            return method.getDeclaringClass().getSimpleName() + "Inputs/" + method.getName();
        }

        /** Runs the target on one input, as Jazzer would; its findings propagate unchanged. */
        void run(byte[] input) {
            try {
                Constructor<?> constructor = method.getDeclaringClass().getDeclaredConstructor();
                method.invoke(constructor.newInstance(), (Object) input);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(name() + " threw a checked exception", e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot call fuzz target " + name(), e);
            }
        }
    }
}
