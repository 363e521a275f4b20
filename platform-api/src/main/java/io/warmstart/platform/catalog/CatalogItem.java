package io.warmstart.platform.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.TenantId;
import org.hibernate.type.SqlTypes;

/** An item of a tenant's catalogue. Hibernate adds {@code tenant_id = <current tenant>} to every query. */
@Entity
@Table(name = "items")
public class CatalogItem extends PanacheEntityBase {

  @TenantId
  @Column(name = "tenant_id")
  public String tenantId;

  @Id
  @Column(name = "item_id")
  public String itemId;

  public String title;

  @JdbcTypeCode(SqlTypes.ARRAY)
  public String[] categories;

  @JdbcTypeCode(SqlTypes.ARRAY)
  public String[] tags;

  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, Object> attributes;

  public boolean available;

  public boolean placeholder;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
