package io.warmstart.trainer.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimal RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks (titles
 * such as {@code "Matrix, The (1999)"} do). Streams record by record so large files stay cheap.
 */
public final class CsvReader implements AutoCloseable {
  private final Reader in;
  private int peeked = -2;

  public CsvReader(Reader in) {
    this.in = in;
  }

  /** Returns the next record, or null at end of input. */
  public List<String> next() throws IOException {
    int c = read();
    if (c == -1) {
      return null;
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    while (true) {
      if (quoted) {
        if (c == -1) {
          throw new IOException("unterminated quoted field");
        }
        if (c == '"') {
          int n = read();
          if (n == '"') {
            field.append('"');
          } else {
            quoted = false;
            c = n;
            continue;
          }
        } else {
          field.append((char) c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == -1) {
        break;
      } else if (c == '\r') {
        int n = read();
        if (n != '\n') {
          unread(n);
        }
        break;
      } else {
        field.append((char) c);
      }
      c = read();
    }
    fields.add(field.toString());
    return fields;
  }

  private int read() throws IOException {
    if (peeked != -2) {
      int c = peeked;
      peeked = -2;
      return c;
    }
    return in.read();
  }

  private void unread(int c) {
    peeked = c;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
