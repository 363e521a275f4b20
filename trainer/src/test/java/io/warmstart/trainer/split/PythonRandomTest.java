package io.warmstart.trainer.split;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values printed by CPython 3.11's random module. */
class PythonRandomTest {

  @Test
  void shufflesAsCPythonDoes() {
    assertEquals("gijhfdaebc", shuffled(1));
    assertEquals("fjdeghciba", shuffled(2));
    assertEquals("bfgajehcid", shuffled(3));
    assertEquals("hibfdecajg", shuffled(0));
    assertEquals("ihdbaecgfj", shuffled(12345678901L));
  }

  @Test
  void drawsTheSameBitsAndFloats() {
    PythonRandom r = new PythonRandom(7);
    assertEquals(1390851128L, r.getRandBits(32));
    assertEquals(4071050724L, r.getRandBits(32));
    assertEquals(647892279L, r.getRandBits(32));
    assertEquals(0.3948234964231735, r.random(), 0);
  }

  private static String shuffled(long seed) {
    List<String> names = new ArrayList<>(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
    new PythonRandom(seed).shuffle(names);
    return String.join("", names);
  }
}
