package io.warmstart.trainer.eval;

import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.split.Events;

/** Everything a method may fit on for one tenant: the catalogue and the support, nothing else. */
public record FitInput(Catalogue catalogue, Events support, long seed) {}
