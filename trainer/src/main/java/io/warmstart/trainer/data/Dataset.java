package io.warmstart.trainer.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** A multi-tenant dataset in the canonical layout; tenants keep their file order. */
public final class Dataset {
  private final String name;
  private final Map<String, TenantData> tenants = new LinkedHashMap<>();

  public Dataset(String name, List<TenantData> tenants) {
    this.name = name;
    for (TenantData t : tenants) {
      this.tenants.put(t.name(), t);
    }
  }

  public String name() {
    return name;
  }

  public List<TenantData> tenants() {
    return new ArrayList<>(tenants.values());
  }

  public List<String> tenantNames() {
    return new ArrayList<>(tenants.keySet());
  }

  public TenantData tenant(String tenant) {
    TenantData t = tenants.get(tenant);
    if (t == null) {
      throw new NoSuchElementException("unknown tenant '" + tenant + "' in dataset " + name);
    }
    return t;
  }
}
