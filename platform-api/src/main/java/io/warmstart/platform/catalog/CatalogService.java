package io.warmstart.platform.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.panache.common.Sort;
import io.warmstart.platform.catalog.CatalogRequests.Deletion;
import io.warmstart.platform.catalog.CatalogRequests.ItemInput;
import io.warmstart.platform.catalog.CatalogRequests.ItemView;
import io.warmstart.platform.catalog.CatalogRequests.UserInput;
import io.warmstart.platform.catalog.CatalogRequests.UserView;
import io.warmstart.platform.common.BatchMode;
import io.warmstart.platform.common.BatchResult;
import io.warmstart.platform.common.Cursor;
import io.warmstart.platform.common.Page;
import io.warmstart.platform.common.ValidatedBatch;
import io.warmstart.platform.ingest.InteractionEvent;
import io.warmstart.platform.ingest.KnownKeys;
import io.warmstart.platform.recommend.SnapshotCache;
import io.warmstart.platform.tenancy.CurrentTenant;
import io.warmstart.platform.tenant.TenantChangeTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Items and users of the current tenant: batch upserts, lookups, listings and deletions. */
@ApplicationScoped
public class CatalogService {

  private static final String UPSERT_ITEMS =
      """
      INSERT INTO items (tenant_id, item_id, title, categories, tags, attributes, available, placeholder)
      SELECT ?, r.id, r.title, coalesce(r.categories, '{}'), coalesce(r.tags, '{}'),
             coalesce(r.attributes, '{}'::jsonb), coalesce(r.available, true), false
      FROM jsonb_to_recordset(?::jsonb)
           AS r(id text, title text, categories text[], tags text[], attributes jsonb, available boolean)
      ON CONFLICT (tenant_id, item_id) DO UPDATE SET
        title = excluded.title, categories = excluded.categories, tags = excluded.tags,
        attributes = excluded.attributes, available = excluded.available, placeholder = false,
        updated_at = now()
      """;

  private static final String UPSERT_USERS =
      """
      INSERT INTO users (tenant_id, user_id, attributes)
      SELECT ?, r.id, coalesce(r.attributes, '{}'::jsonb)
      FROM jsonb_to_recordset(?::jsonb) AS r(id text, attributes jsonb)
      ON CONFLICT (tenant_id, user_id) DO UPDATE SET attributes = excluded.attributes, updated_at = now()
      """;

  @Inject CurrentTenant currentTenant;
  @Inject AgroalDataSource dataSource;
  @Inject ObjectMapper json;
  @Inject CatalogValidation validation;
  @Inject KnownKeys knownKeys;
  @Inject TenantChangeTracker changes;
  @Inject SnapshotCache snapshots;
  @Inject TransactionSynchronizationRegistry transactions;
  @Inject io.warmstart.platform.quota.TenantQuotas quotas;

  @Transactional
  public BatchResult upsertItems(List<ItemInput> items, BatchMode mode) {
    String tenantId = currentTenant.requireActive();
    ValidatedBatch<ItemInput> batch = ValidatedBatch.validate(items, "/items/", mode, validation::checkItem);
    // Last write wins inside a batch, and rows go in id order so concurrent batches lock alike.
    Map<String, ItemInput> byId = new TreeMap<>();
    batch.valid().forEach(item -> byId.put(item.id(), item));
    quotas.checkItems(tenantId, List.copyOf(byId.keySet()));
    int written = writeItems(tenantId, byId.values());
    return new BatchResult(batch.received(), written, 0, batch.rejected(), batch.errors());
  }

  /** Upserts validated items with distinct ids inside the caller's transaction. */
  public int writeItems(String tenantId, Collection<ItemInput> items) {
    changes.markChanged(tenantId);
    return execute(UPSERT_ITEMS, tenantId, items);
  }

  @Transactional
  public BatchResult upsertUsers(List<UserInput> users, BatchMode mode) {
    String tenantId = currentTenant.requireActive();
    ValidatedBatch<UserInput> batch = ValidatedBatch.validate(users, "/users/", mode, validation::checkUser);
    Map<String, UserInput> byId = new TreeMap<>();
    batch.valid().forEach(user -> byId.put(user.id(), user));
    int written = execute(UPSERT_USERS, tenantId, byId.values());
    return new BatchResult(batch.received(), written, 0, batch.rejected(), batch.errors());
  }

  public Optional<ItemView> findItem(String itemId) {
    currentTenant.requireActive();
    return CatalogItem.<CatalogItem>findByIdOptional(itemId).map(ItemView::of);
  }

  public Page<ItemView> listItems(String query, String after, int limit) {
    currentTenant.requireActive();
    String afterId = after == null ? "" : Cursor.decode(after, 1).get(0);
    List<CatalogItem> rows =
        (isBlank(query)
                ? CatalogItem.<CatalogItem>find("itemId > ?1", Sort.by("itemId"), afterId)
                : CatalogItem.<CatalogItem>find(
                    "itemId > ?1 and (lower(itemId) like ?2 escape '\\' or lower(title) like ?2 escape '\\')",
                    Sort.by("itemId"), afterId, containsPattern(query)))
            .range(0, limit - 1)
            .list();
    String next = rows.size() == limit ? Cursor.encode(rows.get(rows.size() - 1).itemId) : null;
    return new Page<>(rows.stream().map(ItemView::of).toList(), next);
  }

  public Optional<UserView> findUser(String userId) {
    currentTenant.requireActive();
    return TenantUser.<TenantUser>findByIdOptional(userId).map(UserView::of);
  }

  public Page<UserView> listUsers(String query, String after, int limit) {
    currentTenant.requireActive();
    String afterId = after == null ? "" : Cursor.decode(after, 1).get(0);
    List<TenantUser> rows =
        (isBlank(query)
                ? TenantUser.<TenantUser>find("userId > ?1", Sort.by("userId"), afterId)
                : TenantUser.<TenantUser>find("userId > ?1 and lower(userId) like ?2 escape '\\'", Sort.by("userId"), afterId, containsPattern(query)))
            .range(0, limit - 1)
            .list();
    String next = rows.size() == limit ? Cursor.encode(rows.get(rows.size() - 1).userId) : null;
    return new Page<>(rows.stream().map(UserView::of).toList(), next);
  }

  /** Removes the item and the events that cite it; empty if the tenant has no such item. */
  @Transactional
  public Optional<Deletion> deleteItem(String itemId) {
    String tenantId = currentTenant.requireActive();
    knownKeys.forget(tenantId, KnownKeys.Kind.ITEM, itemId);
    changes.markChanged(tenantId);
    if (CatalogItem.delete("itemId = ?1", itemId) == 0) {
      return Optional.empty();
    }
    return Optional.of(new Deletion(itemId, InteractionEvent.delete("itemId = ?1", itemId)));
  }

  /** The right to be forgotten: removes the user and every event of theirs. */
  @Transactional
  public Optional<Deletion> deleteUser(String userId) {
    String tenantId = currentTenant.requireActive();
    knownKeys.forget(tenantId, KnownKeys.Kind.USER, userId);
    changes.markChanged(tenantId);
    // Forgetting must not wait for the next refresh: once the deletion commits, this replica drops its snapshot.
    transactions.registerInterposedSynchronization(new Synchronization() {
      @Override
      public void beforeCompletion() {}

      @Override
      public void afterCompletion(int status) {
        if (status == Status.STATUS_COMMITTED) {
          snapshots.invalidate(tenantId);
        }
      }
    });
    long events = InteractionEvent.delete("userId = ?1", userId);
    long users = TenantUser.delete("userId = ?1", userId);
    return users == 0 && events == 0 ? Optional.empty() : Optional.of(new Deletion(userId, events));
  }

  private int execute(String sql, String tenantId, Collection<?> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, tenantId);
      statement.setString(2, json.writeValueAsString(rows));
      return statement.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("Catalogue write failed for tenant " + tenantId, e);
    }
  }

  private static boolean isBlank(String query) {
    return query == null || query.isBlank();
  }

  /** A LIKE pattern matching values that contain {@code query} literally (its % and _ escaped). */
  static String containsPattern(String query) {
    String escaped = query.strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return "%" + escaped + "%";
  }
}
