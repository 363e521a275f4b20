package io.warmstart.platform.recommend;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.warmstart.platform.models.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on {@link ModelRegistry#CHANNEL} and has the model cache reload a tenant whose promoted
 * model changed. Holds one pooled connection for as long as the process runs; when it breaks, it
 * reconnects and re-checks every tenant, since notifications sent in between are lost.
 */
@ApplicationScoped
public class ModelChangeListener {

  private static final Logger LOG = Logger.getLogger(ModelChangeListener.class);

  @Inject AgroalDataSource dataSource;
  @Inject ModelCache models;

  private volatile boolean running;
  private Thread thread;

  void start(@Observes StartupEvent event) {
    running = true;
    thread = new Thread(this::listen, "model-change-listener");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void listen() {
    boolean reconnecting = false;
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        try (Statement listen = connection.createStatement()) {
          listen.execute("LISTEN " + ModelRegistry.CHANNEL);
        }
        if (reconnecting) {
          LOG.info("Listening for model promotions again; re-checking every tenant served here");
          models.reloadAll();
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(1000);
          if (notifications != null) {
            for (PGNotification notification : notifications) {
              models.reload(notification.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        reconnecting = true;
        LOG.warnf("Lost the model promotion channel (%s); reconnecting", e.getMessage());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }
}
