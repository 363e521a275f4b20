package io.warmstart.platform.tenant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A customer of the platform: a shop, a school or a streaming site, and the unit of isolation. */
@Entity
@Table(name = "tenants")
// Updates name only the changed columns: tenant admins may update a few columns only (V8).
@org.hibernate.annotations.DynamicUpdate
public class Tenant extends PanacheEntityBase {

  @Id
  @Column(name = "tenant_id")
  public String id;

  @Column(name = "display_name", nullable = false)
  public String displayName;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public TenantKind kind;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public TenantStatus status;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  public TenantSettings settings;

  @Column(name = "share_for_meta_learning", nullable = false)
  public boolean shareForMetaLearning;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Column(name = "deleted_at")
  public Instant deletedAt;
}
