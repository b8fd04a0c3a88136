package org.jnegotiate.krb5.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Parses the MIT profile format of krb5.conf into an ordered tree: sections of relations, each relation
 * keeping every value in file order (several {@code kdc} lines), a value being text or a {@code { }}
 * subsection. Follows {@code include FILE} and {@code includedir DIR}.
 *
 * <p>Kerby's {@code Krb5Parser} was not used: it loses order (IdentityHashMap), recurses once per line,
 * does not follow {@code include}, and throws RuntimeException or ArrayIndexOutOfBoundsException on a
 * line without {@code =}.
 */
final class ProfileParser {
    /** A section or a {@code { }} block: relation name to its values (String or Node) in file order. */
    static final class Node {
        final Map<String, List<Object>> relations = new LinkedHashMap<>();

        void add(String name, Object value) {
            relations.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    private static final int MAX_DEPTH = 8;
    private static final int MAX_INCLUDES = 8;
    private static final long MAX_FILE_SIZE = 1 << 20;

    private final Map<String, Node> sections = new LinkedHashMap<>();
    private int includes;

    private ProfileParser() {}

    static Map<String, Node> parseFile(Path file) throws NegotiateException, IOException {
        ProfileParser p = new ProfileParser();
        p.file(file, 0);
        return p.sections;
    }

    static Map<String, Node> parseText(String text, String origin) throws NegotiateException {
        ProfileParser p = new ProfileParser();
        try {
            p.text(text, origin, 0);
        } catch (IOException e) {
            throw new NegotiateException(Failure.INVALID_PARAMETER, origin + ": " + e.getMessage(), e);
        }
        return p.sections;
    }

    private void file(Path file, int level) throws NegotiateException, IOException {
        if (Files.size(file) > MAX_FILE_SIZE) {
            throw new NegotiateException(
                    Failure.INVALID_PARAMETER, file + " is larger than " + MAX_FILE_SIZE + " bytes");
        }
        text(Files.readString(file, StandardCharsets.UTF_8), file.toString(), level);
    }

    private void text(String text, String origin, int level) throws NegotiateException, IOException {
        String[] lines = text.split("\r?\n", -1);
        Node section = null;
        List<Node> open = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String where = origin + ":" + (i + 1);
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') {
                continue;
            }
            if (open.isEmpty() && (line.startsWith("include ") || line.startsWith("includedir "))) {
                include(line, where, level);
                continue;
            }
            if (line.charAt(0) == '[') {
                if (!open.isEmpty()) {
                    throw syntax(where, "section header inside an unclosed { block");
                }
                section = section(line, where);
            } else if (line.charAt(0) == '}') {
                if (open.isEmpty()) {
                    throw syntax(where, "'}' without a matching '{'");
                }
                open.remove(open.size() - 1);
            } else if (section == null) {
                throw syntax(where, "relation outside of any [section]");
            } else {
                relation(line, where, open.isEmpty() ? section : open.get(open.size() - 1), open);
            }
        }
        if (!open.isEmpty()) {
            throw syntax(origin + ":" + lines.length, "unclosed '{' block at end of file");
        }
    }

    /** A {@code [name]} line: the section it opens (sections of the same name, in several files, merge). */
    private Node section(String line, String where) throws NegotiateException {
        int end = line.indexOf(']');
        if (end < 2) {
            throw syntax(where, "malformed section header '" + line + "'");
        }
        return sections.computeIfAbsent(line.substring(1, end).strip(), k -> new Node());
    }

    /** A {@code name = value} line into {@code target}; a value of a lone brace opens a block, pushed on {@code open}. */
    private static void relation(String line, String where, Node target, List<Node> open) throws NegotiateException {
        int eq = line.indexOf('=');
        if (eq <= 0) {
            throw syntax(where, "expected 'name = value', found '" + line + "'");
        }
        String name = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        if (value.equals("{")) {
            if (open.size() >= MAX_DEPTH) {
                throw syntax(where, "blocks nested deeper than " + MAX_DEPTH);
            }
            Node child = new Node();
            target.add(name, child);
            open.add(child);
        } else {
            target.add(name, unquote(stripFinalMarker(value)));
        }
    }

    private void include(String line, String where, int level) throws NegotiateException, IOException {
        if (level >= 3 || ++includes > MAX_INCLUDES) {
            throw syntax(where, "too many or too deeply nested includes");
        }
        boolean dir = line.startsWith("includedir ");
        Path target = Path.of(line.substring(dir ? "includedir ".length() : "include ".length())
                .strip());
        if (!dir) {
            if (!Files.isRegularFile(target)) {
                throw syntax(where, "included file " + target + " does not exist");
            }
            file(target, level + 1);
            return;
        }
        if (!Files.isDirectory(target)) {
            throw syntax(where, "included directory " + target + " does not exist");
        }
        // MIT reads files whose names are only letters, digits, '-' and '_' (or end in .conf), in name order.
        List<Path> files;
        try (Stream<Path> s = Files.list(target)) {
            files = s.filter(p -> p.getFileName().toString().matches("[A-Za-z0-9_-]+|.+\\.conf"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
        for (Path f : files) {
            file(f, level + 1);
        }
    }

    private static String stripFinalMarker(String value) {
        // "value *" marks a relation final in MIT profiles; the marker is not part of the value.
        return value.endsWith(" *") ? value.substring(0, value.length() - 2).strip() : value;
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                char n = value.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n == 'b' ? '\b' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static NegotiateException syntax(String where, String what) {
        return new NegotiateException(Failure.INVALID_PARAMETER, "krb5.conf syntax error at " + where + ": " + what);
    }
}
