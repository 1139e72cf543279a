package io.engagementlake.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at semicolons that are not inside a string, a quoted
 * identifier or a comment, remembering the line each statement starts on (for error
 * messages) and whatever trails the last semicolon (an interactive prompt keeps reading
 * until that is complete). Spark's own splitter lives in its Hive CLI, which Spark 4 does
 * not publish.
 */
record SqlScript(List<Statement> statements, String remainder, int remainderLine) {
    /** One statement without its semicolon; {@code line} is 1-based within the text. */
    record Statement(String text, int line) {}

    SqlScript {
        statements = List.copyOf(statements);
    }

    static SqlScript parse(String text) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int statementLine = -1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '-' && next(text, i) == '-') {
                int end = text.indexOf('\n', i);
                end = end < 0 ? text.length() : end;
                current.append(text, i, end);
                i = end;
                continue;
            }
            if (c == '/' && next(text, i) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
                String comment = text.substring(i, end);
                current.append(comment);
                line += count(comment, '\n');
                i = end;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                if (statementLine < 0) {
                    statementLine = line;
                }
                int end = closingQuote(text, i, c);
                String quoted = text.substring(i, end);
                current.append(quoted);
                line += count(quoted, '\n');
                i = end;
                continue;
            }
            if (c == ';') {
                if (statementLine >= 0) {
                    statements.add(new Statement(current.toString().strip(), statementLine));
                }
                current.setLength(0);
                statementLine = -1;
                i++;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            else if (!Character.isWhitespace(c) && statementLine < 0) {
                statementLine = line;
            }
            current.append(c);
            i++;
        }
        String remainder = statementLine < 0 ? "" : current.toString().strip();
        return new SqlScript(statements, remainder, statementLine);
    }

    /** Every statement, the unterminated last one included: what a file or a query argument means. */
    List<Statement> allStatements() {
        if (remainder.isEmpty()) {
            return statements;
        }
        List<Statement> all = new ArrayList<>(statements);
        all.add(new Statement(remainder, remainderLine));
        return all;
    }

    private static char next(String text, int i) {
        return i + 1 < text.length() ? text.charAt(i + 1) : '\0';
    }

    /** Index after the quote closing the one at {@code start}; a backslash escapes in strings, doubling escapes too. */
    private static int closingQuote(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (next(text, i) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    private static int count(String text, char character) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == character) {
                count++;
            }
        }
        return count;
    }
}
