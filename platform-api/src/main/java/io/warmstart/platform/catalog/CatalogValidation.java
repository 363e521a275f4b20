package io.warmstart.platform.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warmstart.platform.catalog.CatalogRequests.ItemInput;
import io.warmstart.platform.catalog.CatalogRequests.UserInput;
import io.warmstart.platform.common.InputRules;
import io.warmstart.platform.problem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** The rules for items and users, shared by the JSON endpoints and the file imports. */
@ApplicationScoped
public class CatalogValidation {

  static final int MAX_TITLE = 1000;
  static final int MAX_LABELS = 200;
  static final int MAX_LABEL = 256;
  static final int MAX_ATTRIBUTES_BYTES = 64 * 1024;

  @Inject ObjectMapper json;

  public ItemInput checkItem(ItemInput item, String pointer, List<FieldError> errors) {
    InputRules.checkId(item.id(), pointer + "/id", true, errors);
    InputRules.checkText(item.title(), pointer + "/title", MAX_TITLE, errors);
    checkLabels(item.categories(), pointer + "/categories", errors);
    checkLabels(item.tags(), pointer + "/tags", errors);
    checkAttributes(item.attributes(), pointer + "/attributes", errors);
    return item;
  }

  public UserInput checkUser(UserInput user, String pointer, List<FieldError> errors) {
    InputRules.checkId(user.id(), pointer + "/id", true, errors);
    checkAttributes(user.attributes(), pointer + "/attributes", errors);
    return user;
  }

  private static void checkLabels(List<String> labels, String pointer, List<FieldError> errors) {
    if (labels == null) {
      return;
    }
    if (labels.size() > MAX_LABELS) {
      errors.add(new FieldError(pointer, "holds more than " + MAX_LABELS + " entries"));
      return;
    }
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      if (label == null || label.isBlank()) {
        errors.add(new FieldError(pointer + "/" + i, "must be a non-empty string"));
      } else {
        InputRules.checkText(label, pointer + "/" + i, MAX_LABEL, errors);
      }
    }
  }

  /** PostgreSQL's jsonb cannot hold a NUL character anywhere; refuse it here rather than fail the write. */
  private void checkAttributes(Map<String, Object> attributes, String pointer, List<FieldError> errors) {
    if (attributes == null) {
      return;
    }
    try {
      String serialised = json.writeValueAsString(attributes);
      if (serialised.length() > MAX_ATTRIBUTES_BYTES) {
        errors.add(new FieldError(pointer, "are larger than " + MAX_ATTRIBUTES_BYTES + " bytes"));
      } else if (serialised.contains("\\u0000")) {
        errors.add(new FieldError(pointer, "contain a NUL character"));
      }
    } catch (JsonProcessingException e) {
      errors.add(new FieldError(pointer, "are not a JSON object"));
    }
  }
}
