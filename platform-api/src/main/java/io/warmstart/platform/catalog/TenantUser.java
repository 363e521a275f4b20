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

/** A person as one tenant knows them; the same id in another tenant is someone else. */
@Entity
@Table(name = "users")
public class TenantUser extends PanacheEntityBase {

  @TenantId
  @Column(name = "tenant_id")
  public String tenantId;

  @Id
  @Column(name = "user_id")
  public String userId;

  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, Object> attributes;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
