package io.warmstart.platform.problem;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Percent-decodes a path or query component into bytes and says what is wrong with them, if anything. */
final class PercentDecoding {

  private PercentDecoding() {}

  /** "contains a NUL byte", "is not valid UTF-8", or null when the decoded component is acceptable. */
  static String flawOf(String component) {
    byte[] bytes = decode(component);
    for (byte b : bytes) {
      if (b == 0) {
        return "contains a NUL byte (%00), which no identifier or value may contain";
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return null;
    } catch (CharacterCodingException e) {
      return "is not valid UTF-8 once percent-decoded";
    }
  }

  /** The decoded text for a message, with anything undecodable replaced. */
  static String decodeLeniently(String component) {
    String text = new String(decode(component), StandardCharsets.UTF_8);
    return text.length() > 100 ? text.substring(0, 100) + "..." : text.replace('\u0000', '?');
  }

  /** Bytes of the component with %XY escapes resolved; a malformed escape stays as it is (the URI check refuses it). */
  private static byte[] decode(String component) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(component.length());
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (c == '%' && i + 2 < component.length() && hex(component.charAt(i + 1)) >= 0 && hex(component.charAt(i + 2)) >= 0) {
        bytes.write(hex(component.charAt(i + 1)) * 16 + hex(component.charAt(i + 2)));
        i += 2;
      } else if (c <= 0xFF) {
        // The HTTP codec reads the request line byte by byte into chars: a char here is a raw byte.
        bytes.write(c);
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toByteArray();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
