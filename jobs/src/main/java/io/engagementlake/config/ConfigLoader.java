package io.engagementlake.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a config file into an {@link EngagementConfig}, once, at start.
 *
 * <p>A file may start with {@code extends: other.yaml} to take every key of another file
 * (resolved next to it) and override some; {@code --set key=value} overrides come last.
 * Unknown keys, missing keys and wrong types fail with the dotted key in the message.
 * Relative lake paths in a file are relative to that file's folder, so a config means the
 * same wherever the command is started; relative paths given with {@code --set} are
 * relative to the working directory, as a user typing them expects.
 */
public final class ConfigLoader {
    private static final Set<String> PATH_KEYS = Set.of("lake.raw", "lake.root");

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private ConfigLoader() {}

    public static EngagementConfig load(Path file) {
        return load(file, List.of());
    }

    /**
     * Loads {@code file}, then applies {@code overrides} of the form {@code dotted.key=value}
     * (value parsed as a YAML scalar, so numbers and booleans keep their type).
     */
    public static EngagementConfig load(Path configFile, List<String> overrides) {
        Path file = configFile.toAbsolutePath().normalize();
        ObjectNode tree = readTree(file, new HashSet<>());
        Path workingDirectory = Path.of("").toAbsolutePath();
        for (String override : overrides) {
            applyOverride(tree, override, workingDirectory);
        }
        try {
            return YAML.treeToValue(tree, EngagementConfig.class);
        }
        catch (JsonProcessingException e) {
            throw new EngagementException(ErrorCode.BAD_CONFIG, file + ": " + describe(e), e);
        }
    }

    private static ObjectNode readTree(Path file, Set<Path> seen) {
        if (!seen.add(file)) {
            throw new EngagementException(ErrorCode.BAD_CONFIG, file + ": 'extends' forms a cycle");
        }
        if (!Files.isRegularFile(file)) {
            throw new EngagementException(ErrorCode.BAD_CONFIG, "config file not found: " + file);
        }
        JsonNode node;
        try {
            node = YAML.readTree(file.toFile());
        }
        catch (IOException e) {
            throw new EngagementException(ErrorCode.BAD_CONFIG, file + ": not valid YAML: " + firstLine(e.getMessage()), e);
        }
        if (!(node instanceof ObjectNode tree)) {
            throw new EngagementException(ErrorCode.BAD_CONFIG, file + ": expected a mapping of keys at the top level");
        }
        resolvePaths(tree, file.getParent());
        JsonNode parent = tree.remove("extends");
        if (parent == null) {
            return tree;
        }
        if (!parent.isTextual()) {
            throw new EngagementException(ErrorCode.BAD_CONFIG, file + ": key 'extends' must name a file");
        }
        ObjectNode base = readTree(file.getParent().resolve(parent.asText()).normalize(), seen);
        merge(base, tree);
        return base;
    }

    private static void merge(ObjectNode base, ObjectNode overlay) {
        overlay.properties().forEach(entry -> {
            JsonNode existing = base.get(entry.getKey());
            if (existing instanceof ObjectNode existingObject && entry.getValue() instanceof ObjectNode overlayObject) {
                merge(existingObject, overlayObject);
            }
            else {
                base.set(entry.getKey(), entry.getValue());
            }
        });
    }

    private static void applyOverride(ObjectNode tree, String override, Path workingDirectory) {
        int equals = override.indexOf('=');
        if (equals <= 0) {
            throw new EngagementException(ErrorCode.BAD_ARGUMENT, "--set expects key=value, got '" + override + "'");
        }
        String key = override.substring(0, equals).trim();
        String text = override.substring(equals + 1);
        JsonNode value;
        try {
            value = text.isEmpty() ? YAML.getNodeFactory().textNode("") : YAML.readTree(text);
        }
        catch (IOException e) {
            throw new EngagementException(ErrorCode.BAD_ARGUMENT, "--set " + key + ": value is not a YAML scalar: " + text);
        }
        if (value == null || value.isMissingNode()) {
            value = YAML.getNodeFactory().textNode(text);
        }
        if (PATH_KEYS.contains(key) && value.isTextual()) {
            value = YAML.getNodeFactory().textNode(resolvePath(value.asText(), workingDirectory));
        }
        String[] parts = key.split("\\.");
        // Spark settings are dotted themselves: everything after spark.settings. is one key.
        if (key.startsWith("spark.settings.")) {
            parts = new String[] {"spark", "settings", key.substring("spark.settings.".length())};
        }
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null) {
                child = node.putObject(parts[i]);
            }
            if (!(child instanceof ObjectNode section)) {
                throw new EngagementException(ErrorCode.BAD_CONFIG,
                        "--set " + key + ": '" + String.join(".", List.of(parts).subList(0, i + 1)) + "' is not a section");
            }
            node = section;
        }
        node.set(parts[parts.length - 1], value);
    }

    private static void resolvePaths(ObjectNode tree, Path directory) {
        if (tree.get("lake") instanceof ObjectNode lake) {
            for (String key : List.of("raw", "root")) {
                JsonNode value = lake.get(key);
                if (value != null && value.isTextual()) {
                    lake.put(key, resolvePath(value.asText(), directory));
                }
            }
        }
    }

    /** Leaves URIs with a scheme (s3a://, file:/, hdfs://) alone; makes local paths absolute. */
    private static String resolvePath(String path, Path directory) {
        if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*")) {
            return path;
        }
        return directory.resolve(path).normalize().toString();
    }

    private static String describe(JsonProcessingException e) {
        String key = e instanceof JsonMappingException mapping ? dottedPath(mapping.getPath()) : "";
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return "unknown key '" + key + "'" + (known.isEmpty() ? "" : " (expected one of: " + known + ")");
        }
        if (e instanceof ValueInstantiationException invalid) {
            Throwable cause = invalid.getCause() == null ? invalid : invalid.getCause();
            return "invalid value in '" + key + "': " + cause.getMessage();
        }
        if (e instanceof InvalidFormatException badFormat) {
            return "key '" + key + "' expects " + typeName(badFormat.getTargetType()) + ", got '" + badFormat.getValue() + "'";
        }
        if (e instanceof MismatchedInputException mismatch) {
            String message = firstLine(mismatch.getOriginalMessage());
            if (message.matches("^Missing (required )?creator property.*")) {
                String missing = message.replaceAll("^[^']*'([^']+)'.*", "$1");
                boolean pathNamesIt = key.equals(missing) || key.endsWith("." + missing);
                return "missing key '" + (pathNamesIt || key.isEmpty() ? (pathNamesIt ? key : missing) : key + "." + missing) + "'";
            }
            if (message.startsWith("Null value for creator property")) {
                return "key '" + key + "' must have a value";
            }
            java.util.regex.Matcher coerced = java.util.regex.Pattern.compile("^Cannot coerce \\w+ value \\(\"?(.*?)\"?\\)").matcher(message);
            if (coerced.find()) {
                return "key '" + key + "' expects " + typeName(mismatch.getTargetType()) + ", got '" + coerced.group(1) + "'";
            }
            return "key '" + key + "' expects " + typeName(mismatch.getTargetType()) + ": " + message;
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String dottedPath(List<JsonMappingException.Reference> path) {
        List<String> names = new ArrayList<>();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                names.add(reference.getFieldName());
            }
            else if (reference.getIndex() >= 0) {
                names.add("[" + reference.getIndex() + "]");
            }
        }
        return String.join(".", names);
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "a value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == java.math.BigDecimal.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a section of keys";
        }
        return "a " + type.getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
