package io.warmstart.platform.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.warmstart.platform.problem.FieldError;
import io.warmstart.platform.problem.JsonPointers;
import io.warmstart.platform.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns an uploaded file (CSV with a header row, or NDJSON) into typed rows with their line numbers.
 * A row that cannot be read carries an error instead of a value, and the import goes on.
 */
final class ImportRows<T> {

  /** One data row of the file. */
  record Row<T>(long line, T value, String error) {}

  /** Builds a row from CSV fields addressed by column name. */
  interface CsvMapper<T> {
    T map(Map<String, String> fieldsByColumn);
  }

  private final LineReader lines;
  private final CsvRecords csv;
  private final ObjectReader json;
  private final CsvMapper<T> csvMapper;
  private List<String> header;

  private ImportRows(LineReader lines, CsvRecords csv, ObjectReader json, CsvMapper<T> csvMapper) {
    this.lines = lines;
    this.csv = csv;
    this.json = json;
    this.csvMapper = csvMapper;
  }

  /**
   * @param columns canonical column name by accepted header spelling; for CSV, a header naming
   *     anything else is refused unless {@code extraColumnsAllowed}
   */
  static <T> ImportRows<T> open(
      InputStream body,
      ImportFormat format,
      ObjectMapper mapper,
      Class<T> type,
      Map<String, String> columns,
      List<String> requiredColumns,
      boolean extraColumnsAllowed,
      CsvMapper<T> csvMapper)
      throws IOException {
    LineReader lines = new LineReader(body);
    if (format == ImportFormat.NDJSON) {
      return new ImportRows<>(lines, null, mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), null);
    }
    ImportRows<T> rows = new ImportRows<>(lines, new CsvRecords(lines), null, csvMapper);
    rows.readHeader(columns, requiredColumns, extraColumnsAllowed);
    return rows;
  }

  Row<T> next() throws IOException {
    return csv != null ? nextCsv() : nextJson();
  }

  private void readHeader(Map<String, String> columns, List<String> required, boolean extraAllowed) throws IOException {
    CsvRecords.Record first = csv.next();
    if (first == null || first.fields() == null) {
      throw headerProblem("The file must start with a header row naming its columns (" + String.join(", ", required) + ", ...)");
    }
    header = first.fields().stream()
        .map(name -> {
          String trimmed = name.strip().replace("\uFEFF", "");
          return columns.getOrDefault(trimmed, extraAllowed ? trimmed : null);
        })
        .toList();
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i) == null) {
        throw headerProblem("Unknown column '" + first.fields().get(i).strip() + "'; known columns: " + String.join(", ", columns.keySet()));
      }
    }
    for (String column : required) {
      if (!header.contains(column)) {
        throw headerProblem("The header has no '" + column + "' column");
      }
    }
  }

  private Row<T> nextCsv() throws IOException {
    CsvRecords.Record record;
    do {
      record = csv.next();
      if (record == null) {
        return null;
      }
    } while (record.fields() != null && record.fields().size() == 1 && record.fields().get(0).isBlank());
    if (record.error() != null) {
      return new Row<>(record.line(), null, record.error());
    }
    if (record.fields().size() != header.size()) {
      return new Row<>(record.line(), null, "has " + record.fields().size() + " fields, the header has " + header.size());
    }
    Map<String, String> byColumn = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String value = record.fields().get(i);
      byColumn.put(header.get(i), value.isEmpty() ? null : value);
    }
    try {
      return new Row<>(record.line(), csvMapper.map(byColumn), null);
    } catch (IllegalArgumentException e) {
      return new Row<>(record.line(), null, e.getMessage());
    }
  }

  private Row<T> nextJson() throws IOException {
    LineReader.Line line;
    do {
      line = lines.next();
      if (line == null) {
        return null;
      }
    } while (line.text() != null && line.text().isBlank());
    if (line.text() == null) {
      return new Row<>(line.number(), null, lines.lastLineTooLong() ? "the line is longer than 1 MiB" : "the line is not valid UTF-8");
    }
    try {
      return new Row<>(line.number(), json.readValue(line.text()), null);
    } catch (JsonProcessingException e) {
      String where = e instanceof com.fasterxml.jackson.databind.JsonMappingException m ? JsonPointers.of(m.getPath()) : "";
      return new Row<>(line.number(), null, (where.isEmpty() ? "" : where + ": ") + JsonPointers.describe(e));
    }
  }

  static Function<String, Double> number(String column) {
    return text -> {
      try {
        double value = Double.parseDouble(text.strip());
        if (Double.isNaN(value) || Double.isInfinite(value)) {
          throw new NumberFormatException();
        }
        return value;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(column + " '" + text + "' is not a number");
      }
    };
  }

  private static ProblemException headerProblem(String message) {
    return ProblemException.invalid(message, List.of(new FieldError("line 1", message)));
  }
}
