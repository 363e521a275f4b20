package io.warmstart.platform.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client that starts a chunked upload, sends its first chunk and then nothing: what a slow or
 * hostile client does to a streamed endpoint. {@link #answer} waits for the server's response.
 */
public final class StalledUpload implements AutoCloseable {

  private final Socket socket;

  private StalledUpload(Socket socket) {
    this.socket = socket;
  }

  /** Opens the upload: headers, then one chunk with {@code firstChunk}, then silence. */
  public static StalledUpload start(String host, int port, String path, String token, String contentType, String firstChunk)
      throws IOException {
    Socket socket = new Socket(host, port);
    OutputStream out = socket.getOutputStream();
    byte[] chunk = firstChunk.getBytes(StandardCharsets.UTF_8);
    String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length) + "\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(chunk);
    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return new StalledUpload(socket);
  }

  /** The response's status code, or -1 if none came within {@code wait} (or the connection was dropped without one). */
  public Response answer(Duration wait) throws IOException {
    socket.setSoTimeout((int) wait.toMillis());
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        received.write(buffer, 0, n);
        String text = received.toString(StandardCharsets.UTF_8);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd > 0 && text.length() >= headEnd + 4 + contentLength(text.substring(0, headEnd))) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException noAnswer) {
      // what was received so far decides
    }
    String text = received.toString(StandardCharsets.UTF_8);
    if (!text.startsWith("HTTP/1.1 ")) {
      return new Response(-1, text);
    }
    return new Response(Integer.parseInt(text.substring(9, 12)), text);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** The status and the whole raw response (head and body). */
  public record Response(int status, String raw) {}
}
