package io.warmstart.platform.ingest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.TenantId;

/** One interaction of a user with an item. Written in bulk by {@link EventWriter}; read through Hibernate. */
@Entity
@Table(name = "events")
public class InteractionEvent extends PanacheEntityBase {

  @TenantId
  @Column(name = "tenant_id")
  public String tenantId;

  @Id
  @Column(name = "event_id")
  public String eventId;

  @Column(name = "user_id")
  public String userId;

  @Column(name = "item_id")
  public String itemId;

  public String type;

  public Double value;

  @Column(name = "occurred_at")
  public Instant occurredAt;

  @Column(name = "timestamp_given")
  public boolean timestampGiven;

  @Column(name = "recommendation_id")
  public String recommendationId;
}
