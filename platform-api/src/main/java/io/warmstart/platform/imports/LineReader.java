package io.warmstart.platform.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a stream line by line and decodes each line as strict UTF-8, so that a bad byte sequence is
 * reported with its line number and costs only that line. Memory is bounded by the longest line.
 */
final class LineReader {

  /** One physical line: its text, or null when it is not valid UTF-8. */
  record Line(long number, String text) {}

  private static final int MAX_LINE_BYTES = 1 << 20;

  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private byte[] line = new byte[1024];
  private long lineNumber;
  private boolean tooLong;

  LineReader(InputStream in) {
    this.in = in;
  }

  /** The next line without its terminator (LF or CRLF), or null at the end of the stream. */
  Line next() throws IOException {
    int length = 0;
    tooLong = false;
    boolean sawAny = false;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          if (!sawAny) {
            return null;
          }
          break;
        }
      }
      sawAny = true;
      byte b = buffer[position++];
      if (b == '\n') {
        break;
      }
      if (length == MAX_LINE_BYTES) {
        tooLong = true;
        continue;
      }
      if (length == line.length) {
        line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, line.length * 2));
      }
      line[length++] = b;
    }
    lineNumber++;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    return new Line(lineNumber, tooLong ? null : decode(length));
  }

  boolean lastLineTooLong() {
    return tooLong;
  }

  private String decode(int length) {
    if (isAscii(length)) {
      return new String(line, 0, length, StandardCharsets.ISO_8859_1);
    }
    try {
      CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(line, 0, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private boolean isAscii(int length) {
    for (int i = 0; i < length; i++) {
      if (line[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
