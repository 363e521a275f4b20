package io.warmstart.trainer.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

class BlendTest {
  @Test
  void zeroIsPopularityWithItsTiesAndModelOnlyIsTheModel() {
    float[] popularity = {3, 0, 1, 1};
    float[] model = {0.1f, 9f, -2f, 5f};
    float[] pop = model.clone();
    Blend.into(popularity, pop, 0);
    assertArrayEquals(new float[] {(float) Math.log1p(3), 0, (float) Math.log1p(1), (float) Math.log1p(1)}, pop,
        "equal popularity stays a tie, for popularity's own tie-break");
    float[] alone = model.clone();
    Blend.into(popularity, alone, Blend.MODEL_ONLY);
    assertArrayEquals(model, alone);
    float[] half = model.clone();
    Blend.into(popularity, half, 0.5);
    assertEquals((float) (Math.log1p(1) + 0.5 * 5), half[3], 1e-6);
  }

  @Test
  void anArtifactServesItsRecordedBlendOrWhatItsGuardSaid() {
    JsonObject m = new JsonObject();
    assertEquals(Blend.MODEL_ONLY, Blend.servedBy(m), "a model from before blending, unguarded, served alone");
    JsonObject guard = new JsonObject();
    guard.addProperty("guarded", true);
    m.add("guard", guard);
    assertEquals(0, Blend.servedBy(m));
    JsonObject serving = new JsonObject();
    serving.addProperty("lambda", "0.25");
    m.add("serving", serving);
    assertEquals(0.25, Blend.servedBy(m));
    serving.addProperty("lambda", "model");
    assertEquals(Blend.MODEL_ONLY, Blend.servedBy(m));
  }
}
