package io.warmstart.platform.operations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL in a Java source file, as the lint sees it: string literals and text blocks, with the
 * literals and constants of one {@code +} concatenation joined. A constant of the same file ({@code
 * static final String NAME = ...}) is replaced by its value; any other operand becomes a {@code ?},
 * as a parameter would. Strings that do not start like a SQL statement are left out.
 */
final class JavaSqlLiterals {

  private static final Pattern SQL_START = Pattern.compile(
      "^\\s*(SELECT|INSERT|UPDATE|DELETE|WITH|MERGE|COPY|CREATE|ALTER|DROP|TRUNCATE|SET|RESET|LOCK)\\b");
  private static final Pattern CONSTANT = Pattern.compile("static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*$");

  private JavaSqlLiterals() {}

  static Set<String> sqlIn(String javaSource) {
    List<Token> tokens = tokens(javaSource);
    Map<String, String> constants = new HashMap<>();
    // Twice, so that a constant built from a constant declared further down resolves too.
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < tokens.size(); i++) {
        Token token = tokens.get(i);
        if (token.kind == Kind.OTHER && i + 1 < tokens.size()) {
          Matcher constant = CONSTANT.matcher(token.text);
          if (constant.find()) {
            constants.put(constant.group(1), chainFrom(tokens, i + 1, constants).text);
          }
        }
      }
    }
    Set<String> sql = new LinkedHashSet<>();
    int i = 0;
    while (i < tokens.size()) {
      if (tokens.get(i).kind == Kind.STRING) {
        Chain chain = chainFrom(tokens, i, constants);
        if (SQL_START.matcher(chain.text).find()) {
          sql.add(chain.text);
        }
        i = chain.next;
      } else {
        i++;
      }
    }
    return sql;
  }

  private record Chain(String text, int next) {}

  /** The concatenation that starts at token {@code start}: its text and the token after it. */
  private static Chain chainFrom(List<Token> tokens, int start, Map<String, String> constants) {
    StringBuilder text = new StringBuilder();
    int i = start;
    while (i < tokens.size()) {
      Token operand = tokens.get(i);
      String name = operand.text.strip();
      if (operand.kind == Kind.STRING) {
        text.append(operand.text);
        i++;
      } else if (operand.kind == Kind.OTHER && constants.containsKey(name)) {
        text.append(constants.get(name));
        i++;
      } else if (operand.kind == Kind.OTHER && name.matches("[\\w.]+")) {
        text.append('?');
        i++;
      } else if (operand.kind == Kind.OTHER && name.matches("[\\w.]+\\s*[),;]")) {
        // The last operand, and whatever closes the expression.
        String last = name.substring(0, name.length() - 1).strip();
        text.append(constants.getOrDefault(last, "?"));
        i++;
        break;
      } else if (operand.kind == Kind.OTHER && name.matches("[\\w.]+\\(")) {
        // A method call: skip to its closing parenthesis.
        int depth = 0;
        do {
          String part = tokens.get(i).kind == Kind.STRING ? "" : tokens.get(i).text;
          depth += part.chars().filter(c -> c == '(').count() - part.chars().filter(c -> c == ')').count();
          i++;
        } while (depth > 0 && i < tokens.size());
        text.append('?');
      } else {
        break;
      }
      if (i < tokens.size() && tokens.get(i).kind == Kind.PLUS) {
        i++;
      } else {
        break;
      }
    }
    return new Chain(text.toString(), Math.max(i, start + 1));
  }

  private enum Kind { STRING, PLUS, OTHER }

  private record Token(Kind kind, String text) {}

  /**
   * Strings, plus signs, and everything else cut at those and at the characters that end an operand
   * ({@code , ; ( ) { }}), so that an OTHER token between two plus signs is one simple operand.
   */
  private static List<Token> tokens(String source) {
    List<Token> tokens = new ArrayList<>();
    StringBuilder other = new StringBuilder();
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = end < 0 ? source.length() : end;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? source.length() : end + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        flush(tokens, other);
        int bodyStart = source.indexOf('\n', i) + 1;
        int end = source.indexOf("\"\"\"", bodyStart);
        tokens.add(new Token(Kind.STRING, unescape(source.substring(bodyStart, end)).stripIndent()));
        i = end + 3;
      } else if (c == '"') {
        flush(tokens, other);
        int end = i + 1;
        while (source.charAt(end) != '"') {
          end += source.charAt(end) == '\\' ? 2 : 1;
        }
        tokens.add(new Token(Kind.STRING, unescape(source.substring(i + 1, end))));
        i = end + 1;
      } else if (c == '\'') {
        int end = source.charAt(i + 1) == '\\' ? source.indexOf('\'', i + 3) : i + 2;
        other.append('c');
        i = end + 1;
      } else if (c == '+' && !source.startsWith("++", i) && !source.startsWith("+=", i)) {
        flush(tokens, other);
        tokens.add(new Token(Kind.PLUS, "+"));
        i++;
      } else if (",;(){}".indexOf(c) >= 0) {
        other.append(c);
        flush(tokens, other);
        i++;
      } else {
        other.append(c);
        i++;
      }
    }
    flush(tokens, other);
    return tokens;
  }

  private static void flush(List<Token> tokens, StringBuilder other) {
    if (!other.toString().isBlank()) {
      tokens.add(new Token(Kind.OTHER, other.toString()));
    }
    other.setLength(0);
  }

  private static String unescape(String literal) {
    return literal.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\");
  }
}
