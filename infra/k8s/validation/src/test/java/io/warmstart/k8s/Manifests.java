package io.warmstart.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** The YAML documents under infra/k8s (every *.yaml / *.yml file, except the validation module itself). */
final class Manifests {

  /** One YAML document: its file, its position in the file, and its content. */
  record Document(Path file, int index, JsonNode content) {

    String apiVersion() {
      return content.path("apiVersion").asString("");
    }

    String kind() {
      return content.path("kind").asString("");
    }

    String name() {
      return content.path("metadata").path("name").asString("");
    }

    String namespace() {
      return content.path("metadata").path("namespace").asString("");
    }

    String label() {
      return file.getFileName() + " #" + (index + 1) + " " + kind() + "/" + name();
    }
  }

  private Manifests() {
  }

  static Path directory() {
    String configured = System.getProperty("warmstart.k8s.dir");
    Path dir = configured != null ? Paths.get(configured) : Paths.get("..");
    dir = dir.toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve("kustomization.yaml"))) {
      throw new IllegalStateException("No infra/k8s directory (kustomization.yaml) at " + dir);
    }
    return dir;
  }

  static List<Path> files() {
    Path dir = directory();
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk
          .filter(Files::isRegularFile)
          .filter(p -> !dir.relativize(p).startsWith("validation"))
          // Kustomize's own configuration (image fields of custom resources), not Kubernetes objects.
          .filter(p -> !dir.relativize(p).startsWith("kustomizeconfig"))
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every Kubernetes object: the documents of all files except kustomization.yaml. */
  static List<Document> objects() {
    List<Document> all = new ArrayList<>();
    for (Path file : files()) {
      if (isKustomization(file)) {
        continue;
      }
      List<JsonNode> documents = Yaml.documents(file);
      for (int i = 0; i < documents.size(); i++) {
        all.add(new Document(file, i, documents.get(i)));
      }
    }
    return all;
  }

  static boolean isKustomization(Path file) {
    String name = file.getFileName().toString();
    return name.equals("kustomization.yaml") || name.equals("kustomization.yml");
  }

  static Optional<Document> find(List<Document> documents, String kind, String name) {
    return documents.stream().filter(d -> d.kind().equals(kind) && d.name().equals(name)).findFirst();
  }
}
