package dev.qsafe.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.ConfigurationException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {
    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    @Test
    void fromProperties_parsesPinsAndExclusions() {
        Properties p = props(RegistryConfig.PIN_PROPERTY, "ML-KEM-768=bc-pqc, ed25519 = jdk-classical");
        p.setProperty(RegistryConfig.EXCLUDE_PROPERTY, "a, b,,");
        RegistryConfig c = RegistryConfig.fromProperties(p);
        assertEquals(Map.of(Algorithm.ML_KEM_768, "bc-pqc", Algorithm.ED25519, "jdk-classical"), c.pins());
        assertEquals(Set.of("a", "b"), c.excluded());
    }

    @Test
    void fromProperties_malformedPin_namesTheProperty() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> RegistryConfig.fromProperties(props(RegistryConfig.PIN_PROPERTY, "Ed25519")));
        assertTrue(e.getMessage().startsWith(RegistryConfig.PIN_PROPERTY), e.getMessage());
        ConfigurationException unknown = assertThrows(ConfigurationException.class,
                () -> RegistryConfig.fromProperties(props(RegistryConfig.PIN_PROPERTY, "Rot13=x")));
        assertTrue(unknown.getMessage().contains("Rot13"), unknown.getMessage());
    }

    @Test
    void builder_rejectsSecondPinAndPinExcludeConflicts() {
        assertThrows(ConfigurationException.class,
                () -> RegistryConfig.newBuilder().pin(Algorithm.ED25519, "a").pin(Algorithm.ED25519, "b"));
        assertThrows(ConfigurationException.class,
                () -> RegistryConfig.newBuilder().exclude("a").pin(Algorithm.ED25519, "a"));
        assertThrows(ConfigurationException.class,
                () -> RegistryConfig.newBuilder().pin(Algorithm.ED25519, "a").exclude("a"));
        assertThrows(ConfigurationException.class, () -> RegistryConfig.newBuilder().exclude(" "));
    }

    @Test
    void defaults_areEmpty() {
        assertTrue(RegistryConfig.defaults().pins().isEmpty() && RegistryConfig.defaults().excluded().isEmpty());
    }
}
