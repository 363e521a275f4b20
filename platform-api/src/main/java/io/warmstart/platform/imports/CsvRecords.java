package io.warmstart.platform.imports;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records over a {@link LineReader}: comma-separated, double quotes around fields that
 * hold commas, quotes ({@code ""}) or line breaks. A record is reported at the line it starts on.
 */
final class CsvRecords {

  /** A parsed record, or an error message for a line that could not be read. */
  record Record(long line, List<String> fields, String error) {}

  private final LineReader lines;

  CsvRecords(LineReader lines) {
    this.lines = lines;
  }

  Record next() throws IOException {
    LineReader.Line first = lines.next();
    if (first == null) {
      return null;
    }
    if (first.text() == null) {
      return new Record(first.number(), null, unreadable());
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    String text = first.text();
    boolean quoted = false;
    int i = 0;
    while (true) {
      if (i == text.length()) {
        if (!quoted) {
          fields.add(field.toString());
          return new Record(first.number(), fields, null);
        }
        LineReader.Line continuation = lines.next();
        if (continuation == null) {
          return new Record(first.number(), null, "a quoted field is not closed before the end of the file");
        }
        if (continuation.text() == null) {
          return new Record(first.number(), null, unreadable());
        }
        field.append('\n');
        text = continuation.text();
        i = 0;
        continue;
      }
      char c = text.charAt(i++);
      if (quoted) {
        if (c == '"') {
          if (i < text.length() && text.charAt(i) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else {
        field.append(c);
      }
    }
  }

  private String unreadable() {
    return lines.lastLineTooLong() ? "the line is longer than 1 MiB" : "the line is not valid UTF-8";
  }
}
