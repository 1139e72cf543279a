package io.engagementlake.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials in text: AWS access key ids, private key blocks anywhere, and, in config
 * and DAG files, keys named like a secret (password, token, secret key...) assigned a literal
 * value rather than a reference to the environment or a template.
 */
final class CredentialScanner {
    /** One finding: the line (1-based) and what was found there, never the secret itself. */
    record Finding(int line, String kind) {}

    /** Where secret-named assignments count: nowhere (prose, code elsewhere), config files, or Python code. */
    enum Scope {
        /** Only key ids and key blocks. */
        KEYS_ONLY,
        /** YAML, properties, ini: a bare value is a literal string. */
        CONFIG,
        /** Python (the DAGs): a bare name is code, only quoted strings are literals. */
        PYTHON;

        static Scope of(String relativePath) {
            if (relativePath.startsWith("conf/") || relativePath.startsWith("dags/")) {
                return relativePath.endsWith(".py") ? PYTHON : CONFIG;
            }
            return KEYS_ONLY;
        }
    }

    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\\b");
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----");
    /**
     * {@code key: value} or {@code key = value} where the key ends in a secret's name:
     * {@code password}, {@code passwd}, {@code secret}, {@code token}, {@code secret_access_key},
     * {@code fs.s3a.secret.key}, {@code access.key}, {@code session.token} and the like.
     */
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)([A-Za-z0-9_.\\-]*(?:password|passwd|secret|token|secret[._-]?access[._-]?key|secret[._-]?key|access[._-]?key|session[._-]?token))"
                    + "[\"']?\\s*[:=]\\s*(.*)$");

    private CredentialScanner() {}

    /** Findings in {@code text}; outside {@link Scope#KEYS_ONLY} also secret-named keys with literal values. */
    static List<Finding> scan(String text, Scope scope) {
        List<Finding> findings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (ACCESS_KEY_ID.matcher(line).find()) {
                findings.add(new Finding(i + 1, "AWS access key id"));
            }
            if (PRIVATE_KEY.matcher(line).find()) {
                findings.add(new Finding(i + 1, "private key block"));
            }
            String code = line.strip();
            if (scope != Scope.KEYS_ONLY && !code.startsWith("#") && !code.startsWith("//")) {
                Matcher assignment = SECRET_ASSIGNMENT.matcher(code);
                if (assignment.find() && isLiteral(assignment.group(2), scope)) {
                    findings.add(new Finding(i + 1, "literal value for " + assignment.group(1)));
                }
            }
        }
        return findings;
    }

    /**
     * A literal: a non-empty quoted string that is not a placeholder ({@code ${VAR}},
     * {@code {{ template }}}, {@code <fill in>}); in config files also a bare value other than
     * a placeholder, null or a boolean. In Python a bare value is code ({@code os.environ[...]},
     * {@code Variable.get(...)}, a name).
     */
    static boolean isLiteral(String value, Scope scope) {
        String text = value.strip();
        int comment = text.indexOf(" #");
        if (comment >= 0) {
            text = text.substring(0, comment).strip();
        }
        if (text.endsWith(",")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        if (text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        if (first == '"' || first == '\'') {
            int end = text.indexOf(first, 1);
            String inner = end < 0 ? text.substring(1) : text.substring(1, end);
            return !inner.isBlank() && !isPlaceholder(inner);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (isPlaceholder(text) || lower.equals("null") || lower.equals("~") || lower.equals("none")
                || lower.equals("true") || lower.equals("false")) {
            return false;
        }
        return scope == Scope.CONFIG;
    }

    private static boolean isPlaceholder(String text) {
        return text.startsWith("${") || text.startsWith("$") || text.startsWith("{{") || text.startsWith("<") || text.startsWith("%(");
    }
}
