package io.warmstart.platform.tenant;

import java.util.List;

/** CDI event: these tenants' data changed (fired after the change is recorded, about once a second). */
public record TenantsChanged(List<String> tenantIds) {}
