package io.warmstart.platform.imports;

import io.quarkus.runtime.StartupEvent;
import io.warmstart.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Receives a bulk import's file before anything touches the database: the upload goes to a local
 * file at the client's pace (a stalled one ends with 408, see BodyIdleWatchdog), and only a complete file is imported,
 * so a database connection is held only while rows are written, never while waiting on a client.
 * Limits on imports in flight, per tenant and in all, answer 429 with Retry-After.
 */
@ApplicationScoped
public class ImportUploads {

  private static final Logger LOG = Logger.getLogger(ImportUploads.class);
  private static final String PREFIX = "warmstart-upload-";

  private final ImportLimitsConfig limits;
  private final Semaphore running;
  private final Map<String, AtomicInteger> perTenant = new ConcurrentHashMap<>();

  @Inject
  ImportUploads(ImportLimitsConfig limits) {
    this.limits = limits;
    this.running = new Semaphore(limits.maxConcurrent());
  }

  /** Spools the upload, then runs the import on the complete file; one of the tenant's import slots is held throughout. */
  public <T> T receive(String tenantId, InputStream body, Function<InputStream, T> importer) {
    acquire(tenantId);
    try {
      Path file = spool(body);
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        return importer.apply(in);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("The upload could not be kept or read back", e);
    } finally {
      release(tenantId);
    }
  }

  private void acquire(String tenantId) {
    AtomicInteger mine = perTenant.computeIfAbsent(tenantId, id -> new AtomicInteger());
    if (mine.incrementAndGet() > limits.maxConcurrentPerTenant()) {
      mine.decrementAndGet();
      throw ProblemException.tooManyConcurrent("Tenant '" + tenantId + "' already has " + limits.maxConcurrentPerTenant()
          + " imports in progress; send the next file when one has finished", limits.retryAfter().toSeconds());
    }
    if (!running.tryAcquire()) {
      mine.decrementAndGet();
      throw ProblemException.tooManyConcurrent("The platform is running " + limits.maxConcurrent()
          + " imports; try again shortly", limits.retryAfter().toSeconds());
    }
  }

  private void release(String tenantId) {
    running.release();
    perTenant.get(tenantId).decrementAndGet();
  }

  private Path spool(InputStream body) throws IOException {
    Path directory = directory();
    Files.createDirectories(directory);
    Path file = Files.createTempFile(directory, PREFIX + ProcessHandle.current().pid() + "-", ".part");
    // The body is not closed here: after a 408 its rest never comes (BodyIdleWatchdog), and the REST layer owns it.
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = readUpload(body, buffer); n >= 0; n = readUpload(body, buffer)) {
        out.write(buffer, 0, n);
      }
      return file;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /** A failing read is the client's connection, not the server: 400, and the client will hardly see it. */
  private static int readUpload(InputStream in, byte[] buffer) {
    try {
      return in.read(buffer);
    } catch (IOException e) {
      throw ProblemException.invalid("The upload broke off before its end (" + e.getMessage() + "); nothing was stored", java.util.List.of());
    }
  }

  private Path directory() {
    return limits.spoolDirectory().orElse(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** Uploads of a process that was killed stay behind; they are removed at the next start. */
  void removeOrphans(@Observes StartupEvent event) {
    Path directory = directory();
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*.part")) {
      for (Path file : files) {
        String owner = file.getFileName().toString().substring(PREFIX.length()).split("-", 2)[0];
        if (owner.chars().allMatch(Character::isDigit) && ProcessHandle.of(Long.parseLong(owner)).isEmpty()) {
          Files.deleteIfExists(file);
          LOG.infof("Removed %s, left by an import of a process that no longer runs", file);
        }
      }
    } catch (IOException e) {
      LOG.warnf("Could not look for orphaned uploads in %s: %s", directory, e.getMessage());
    }
  }
}
