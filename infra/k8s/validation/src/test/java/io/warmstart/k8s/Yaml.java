package io.warmstart.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** YAML reading shared by the tests: duplicate keys are an error (kubectl rejects them too). */
final class Yaml {

  static final YAMLMapper MAPPER = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private Yaml() {
  }

  /** Every document of a (possibly multi-document) YAML text; empty documents are skipped. */
  static List<JsonNode> documents(String text) {
    List<JsonNode> documents = new ArrayList<>();
    // Jackson 3 reports parse errors (and duplicate keys) as unchecked JacksonExceptions.
    try (JsonParser parser = MAPPER.createParser(text);
         MappingIterator<JsonNode> it = MAPPER.readValues(parser, JsonNode.class)) {
      while (it.hasNextValue()) {
        JsonNode document = it.nextValue();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
    }
    return documents;
  }

  static List<JsonNode> documents(Path file) {
    try {
      return documents(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
