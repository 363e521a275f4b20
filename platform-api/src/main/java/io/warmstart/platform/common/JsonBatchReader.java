package io.warmstart.platform.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.warmstart.platform.problem.FieldError;
import io.warmstart.platform.problem.JsonPointers;
import io.warmstart.platform.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a JSON batch ({@code {"events": [...]}} or a bare array) element by element, so that a
 * body that is too large is refused with 413 as soon as a limit is crossed instead of after it has
 * been read into memory. Unknown fields are refused: a misspelt field must not silently vanish.
 */
public final class JsonBatchReader<T> {

  private final ObjectMapper mapper;
  private final ObjectReader elementReader;
  private final String wrapperField;
  private final int maxElements;
  private final long maxBytes;

  public JsonBatchReader(ObjectMapper mapper, Class<T> elementType, String wrapperField, int maxElements, long maxBytes) {
    this.mapper = mapper;
    this.elementReader = mapper.readerFor(elementType).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    this.wrapperField = wrapperField;
    this.maxElements = maxElements;
    this.maxBytes = maxBytes;
  }

  public List<T> read(InputStream body) {
    try (JsonParser parser = mapper.getFactory().createParser(new LimitedInputStream(body, maxBytes))) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw ProblemException.invalidField("/", "The body is empty; expected {\"" + wrapperField + "\": [...]}");
      }
      if (first == JsonToken.START_OBJECT) {
        String field = parser.nextFieldName();
        if (!wrapperField.equals(field) || parser.nextToken() != JsonToken.START_ARRAY) {
          throw ProblemException.invalidField("/", "Expected {\"" + wrapperField + "\": [...]}");
        }
      } else if (first != JsonToken.START_ARRAY) {
        throw ProblemException.invalidField("/", "Expected {\"" + wrapperField + "\": [...]}");
      }
      List<T> elements = readElements(parser, first == JsonToken.START_OBJECT ? "/" + wrapperField + "/" : "/");
      if (first == JsonToken.START_OBJECT && parser.nextToken() != JsonToken.END_OBJECT) {
        throw ProblemException.invalidField("/", "Only the field \"" + wrapperField + "\" is expected");
      }
      if (parser.nextToken() != null) {
        throw ProblemException.invalidField("/", "Unexpected content after the batch");
      }
      return elements;
    } catch (LimitedInputStream.LimitExceeded e) {
      throw ProblemException.tooLarge("The body is larger than " + maxBytes + " bytes; split it or use the bulk import endpoints");
    } catch (JsonMappingException e) {
      throw e.getCause() instanceof ProblemException problem ? problem : asProblem(e, JsonPointers.of(e.getPath()));
    } catch (IOException e) {
      throw asProblem(e, "/");
    }
  }

  private List<T> readElements(JsonParser parser, String prefix) throws IOException {
    List<T> elements = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (elements.size() == maxElements) {
        throw ProblemException.tooLarge("A batch holds at most " + maxElements + " elements");
      }
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        throw ProblemException.invalidField(prefix + elements.size(), "Expected an object");
      }
      try {
        elements.add(elementReader.readValue(parser));
      } catch (JsonMappingException e) {
        if (e.getCause() instanceof ProblemException problem) {
          throw problem;
        }
        throw asProblem(e, prefix + elements.size() + JsonPointers.of(e.getPath()));
      }
    }
    return elements;
  }

  private static ProblemException asProblem(IOException e, String pointer) {
    if (e.getCause() instanceof LimitedInputStream.LimitExceeded limit) {
      throw limit;
    }
    String message =
        e instanceof com.fasterxml.jackson.core.JsonProcessingException json
            ? JsonPointers.describe(json)
            : "The body could not be read";
    return new ProblemException(400, "malformed-json", "Malformed JSON", message, List.of(new FieldError(pointer, message)));
  }
}
