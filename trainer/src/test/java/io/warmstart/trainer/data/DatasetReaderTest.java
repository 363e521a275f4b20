package io.warmstart.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {
  @TempDir Path dir;

  @Test
  void readsQuotedFieldsMissingTimestampsAndRepeatedIdsAcrossTenants() throws Exception {
    Files.writeString(dir.resolve("interactions.csv"),
        "tenant,user,item,value,timestamp\n"
            + "a,u1,x,5,100\n"
            + "a,u2,\"y,1\",4,\n"
            + "b,u1,x,1,\n");
    Files.writeString(dir.resolve("items.csv"),
        "tenant,item,title,categories,tags\n"
            + "a,x,\"Matrix, The (1999)\",Action|Sci-Fi,\n"
            + "a,z,\"Say \"\"hi\"\"\",,t1|t2\n");
    Dataset d = DatasetReader.read(dir);
    assertEquals(List.of("a", "b"), d.tenantNames());
    TenantData a = d.tenant("a");
    assertEquals(List.of("x", "y,1", "z"), a.itemIds(), "catalogue = interactions + items file, sorted by id");
    assertEquals("Matrix, The (1999)", a.content().get(0).title());
    assertEquals(List.of("Action", "Sci-Fi"), a.content().get(0).categories());
    assertEquals("Say \"hi\"", a.content().get(2).title());
    assertEquals(TenantData.MISSING_TIME, a.timestamps()[1]);
    TenantData b = d.tenant("b");
    assertEquals(1, b.numItems(), "item ids are tenant-local");
    assertTrue(b.content().get(0).title().isEmpty());
  }

  @Test
  void worksWithoutItemsFile() throws Exception {
    Files.writeString(dir.resolve("interactions.csv"), "tenant,user,item,value,timestamp\r\nt,u,i,1,5\r\n");
    assertEquals(1, DatasetReader.read(dir).tenant("t").numInteractions());
  }

  @Test
  void syntheticDataRoundTripsThroughCsv() throws Exception {
    Dataset synthetic = new SyntheticGenerator(3).generate(3, 300, 900, false);
    SyntheticGenerator.writeCsv(synthetic, dir);
    Dataset back = DatasetReader.read(dir);
    assertEquals(synthetic.tenantNames(), back.tenantNames());
    for (TenantData t : synthetic.tenants()) {
      assertEquals(t.numInteractions(), back.tenant(t.name()).numInteractions());
      assertEquals(t.content().get(0), back.tenant(t.name()).content().get(0));
    }
  }
}
