package io.warmstart.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantDataBuilderTest {
  @TempDir Path dir;

  @Test
  void buildsWhatTheCsvReaderBuilds() throws Exception {
    Files.writeString(dir.resolve("interactions.csv"),
        "tenant,user,item,value,timestamp\n"
            + "a,u2,y,1,200\n"
            + "a,u1,x,1,100\n"
            + "a,u2,x,1,\n"
            + "a,u3,w,1,300\n");
    Files.writeString(dir.resolve("items.csv"),
        "tenant,item,title,categories,tags\n"
            + "a,z,Zed,c1,\n"
            + "a,x,Old title,,\n"
            + "a,x,New title,c2|c3,t\n");
    TenantData fromCsv = DatasetReader.read(dir).tenant("a");

    TenantDataBuilder b = new TenantDataBuilder("a");
    b.addItem("z", new ItemContent("Zed", List.of("c1"), List.of()));
    b.addItem("x", new ItemContent("Old title", List.of(), List.of()));
    b.addEvent("u2", "y", 200);
    b.addEvent("u1", "x", 100);
    b.addItem("x", new ItemContent("New title", List.of("c2", "c3"), List.of("t")));
    b.addEvent("u2", "x", TenantData.MISSING_TIME);
    b.addEvent("u3", "w", 300);
    TenantData built = b.build();

    // Independent of both: sorted catalogue = events + listed items, users in first-seen order.
    assertEquals(List.of("w", "x", "y", "z"), built.itemIds());
    assertEquals(List.of("u2", "u1", "u3"), built.userIds());
    assertArrayEquals(new int[] {0, 1, 0, 2}, built.users());
    assertArrayEquals(new int[] {2, 1, 1, 0}, built.items());
    assertArrayEquals(new long[] {200, 100, TenantData.MISSING_TIME, 300}, built.timestamps());
    assertEquals("New title", built.content().get(1).title(), "the last listing of an item wins");
    assertEquals(ItemContent.EMPTY, built.content().get(0));
    assertEquals(4, b.events());

    assertEquals(fromCsv.name(), built.name());
    assertEquals(fromCsv.itemIds(), built.itemIds());
    assertEquals(fromCsv.content(), built.content());
    assertEquals(fromCsv.userIds(), built.userIds());
    assertArrayEquals(fromCsv.users(), built.users());
    assertArrayEquals(fromCsv.items(), built.items());
    assertArrayEquals(fromCsv.timestamps(), built.timestamps());
  }

  @Test
  void growsPastItsInitialCapacityAndKeepsEveryEvent() {
    TenantData source = new SyntheticGenerator(2).generate(1, 5000, 5000, true).tenants().get(0);
    TenantDataBuilder b = new TenantDataBuilder(source.name());
    for (int k = 0; k < source.numInteractions(); k++) {
      b.addEvent(source.userIds().get(source.users()[k]), source.itemIds().get(source.items()[k]), source.timestamps()[k]);
    }
    TenantData built = b.build();
    assertEquals(source.numInteractions(), built.numInteractions());
    for (int k = 0; k < source.numInteractions(); k++) {
      assertEquals(source.itemIds().get(source.items()[k]), built.itemIds().get(built.items()[k]));
      assertEquals(source.userIds().get(source.users()[k]), built.userIds().get(built.users()[k]));
    }
    assertArrayEquals(source.timestamps(), built.timestamps());
  }
}
