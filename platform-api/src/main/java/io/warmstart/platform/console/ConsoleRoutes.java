package io.warmstart.platform.console;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Sends people who open the platform's address, or the console without its slash, to the console. */
@ApplicationScoped
public class ConsoleRoutes {

  void register(@Observes Router router) {
    // Regexes, because a plain "/console" route also matches "/console/" and would loop.
    router.getWithRegex("^/$").handler(context -> context.redirect("/console/"));
    router.getWithRegex("^/console$").handler(context -> context.redirect("/console/"));
  }
}
