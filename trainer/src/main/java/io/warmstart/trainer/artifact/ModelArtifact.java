package io.warmstart.trainer.artifact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The versioned model file: a zip with {@code metadata.json} (format version, kind, parent
 * meta-init, config, data range, metrics, guard), {@code parameters.ndlist} (named tensors in
 * DJL's NDList encoding) and, for an adapted model, {@code items.json} (the tenant catalogue).
 * Readers reject a newer major format instead of guessing.
 */
public record ModelArtifact(JsonObject metadata, Map<String, NDArray> parameters, TenantItems items) {
  public static final int FORMAT_VERSION = 1;
  public static final String KIND_META_INIT = "meta-init";
  public static final String KIND_ADAPTED = "adapted";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

  public ModelConfig config() {
    return GSON.fromJson(metadata.get("config"), ModelConfig.class);
  }

  public String kind() {
    return metadata.has("kind") ? metadata.get("kind").getAsString() : null;
  }

  public boolean guarded() {
    JsonObject guard = metadata.getAsJsonObject("guard");
    return guard != null && guard.has("guarded") && guard.get("guarded").getAsBoolean();
  }

  public static JsonObject baseMetadata(String kind, ModelConfig config) {
    JsonObject m = new JsonObject();
    m.addProperty("format_version", FORMAT_VERSION);
    m.addProperty("kind", kind);
    m.addProperty("created_at", java.time.Instant.now().toString());
    m.add("config", GSON.toJsonTree(config));
    return m;
  }

  /** Writes the artifact atomically: a crash never leaves a half-written file under the real name. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, toBytes());
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The zip file's bytes, for callers that store artifacts elsewhere than in files (a database). */
  public byte[] toBytes() {
    NDList list = new NDList();
    parameters.forEach((name, array) -> {
      NDArray copy = array.duplicate();
      copy.setName(name);
      list.add(copy);
    });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      put(zip, "metadata.json", GSON.toJson(metadata).getBytes(StandardCharsets.UTF_8));
      put(zip, "parameters.ndlist", list.encode());
      if (items != null) {
        put(zip, "items.json", GSON.toJson(items).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    } finally {
      list.close();
    }
    return out.toByteArray();
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  public static ModelArtifact read(Path file, NDManager manager) throws IOException {
    return read(Files.readAllBytes(file), manager, file.toString());
  }

  /** Reads an artifact from its zip bytes; tensors are created on {@code manager}. */
  public static ModelArtifact read(byte[] zip, NDManager manager) throws IOException {
    return read(zip, manager, "the given bytes");
  }

  private static ModelArtifact read(byte[] bytes, NDManager manager, String source) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        zip.transferTo(buf);
        entries.put(e.getName(), buf.toByteArray());
      }
    }
    if (!entries.containsKey("metadata.json") || !entries.containsKey("parameters.ndlist")) {
      throw new IOException(source + " is not a Warmstart model artifact");
    }
    JsonObject meta = GSON.fromJson(new String(entries.get("metadata.json"), StandardCharsets.UTF_8), JsonObject.class);
    int version = meta.get("format_version").getAsInt();
    if (version > FORMAT_VERSION) {
      throw new IOException("artifact format " + version + " is newer than this reader (" + FORMAT_VERSION + ")");
    }
    Map<String, NDArray> params = new LinkedHashMap<>();
    for (NDArray a : NDList.decode(manager, entries.get("parameters.ndlist"))) {
      params.put(a.getName(), a);
    }
    TenantItems items = null;
    if (entries.containsKey("items.json")) {
      items = GSON.fromJson(new String(entries.get("items.json"), StandardCharsets.UTF_8), TenantItems.class);
    }
    return new ModelArtifact(meta, params, items);
  }

  /** SHA-256 of a file, recorded as the parent of an adapted model. */
  public static String sha256(Path file) throws IOException {
    return sha256(Files.readAllBytes(file));
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
