package io.engagementlake.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads table contracts from {@code schemas/} on the classpath (the build copies the
 * top-level {@code schemas/} folder there), once per table.
 */
public final class Contracts {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final Map<String, TableContract> CACHE = new ConcurrentHashMap<>();

    private Contracts() {}

    /** The contract of {@code name} in {@code layer} (raw, bronze, silver, gold, ops). */
    public static TableContract load(String layer, String name) {
        return CACHE.computeIfAbsent(layer + "/" + name, Contracts::read);
    }

    private static TableContract read(String key) {
        String resource = "schemas/" + key + ".yaml";
        try (InputStream input = Contracts.class.getClassLoader().getResourceAsStream(resource)) {
            if (input == null) {
                throw new EngagementException(ErrorCode.BAD_CONTRACT, "table contract not found: " + resource);
            }
            return YAML.readValue(input, TableContract.class);
        }
        catch (ValueInstantiationException e) {
            throw new EngagementException(ErrorCode.BAD_CONTRACT, resource + ": " + e.getCause().getMessage(), e);
        }
        catch (IOException e) {
            throw new EngagementException(ErrorCode.BAD_CONTRACT, resource + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
