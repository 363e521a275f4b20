package io.warmstart.platform.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ImportResourceTest {

  @Test
  void importsACsvOfEventsInTheCanonicalLayout() {
    String tenant = Api.createTenant("csv");
    String csv =
        "tenant,user,item,value,timestamp\n"
            + tenant + ",u1,i1,4.5,1600000000\n"
            + tenant + ",u1,i2,3,1600000100\n"
            + tenant + ",u2,i1,,\n";
    Api.asTenant(tenant).contentType("text/csv").queryParam("defaultType", "rating").body(csv)
        .post("/v1/imports/events")
        .then()
        .statusCode(200)
        .body("rows", equalTo(3))
        .body("written", equalTo(3))
        .body("rejected", equalTo(0));
    Api.asTenant(tenant).queryParam("userId", "u1").get("/v1/events")
        .then().body("data.type", contains("rating", "rating")).body("data.value", contains(3.0f, 4.5f));
    // The same file again: idempotent, because the rows carry timestamps or repeat identically.
    Api.asTenant(tenant).contentType("text/csv").queryParam("defaultType", "rating").body(csv)
        .post("/v1/imports/events").then().statusCode(200).body("written", equalTo(0)).body("duplicates", equalTo(3));
  }

  @Test
  void anAtomicImportWithABadLineImportsNothingAndNamesTheLine() {
    String tenant = Api.createTenant("csvbad");
    String csv = "user,item,type,timestamp\nu1,i1,view,2025-01-01T00:00:00Z\nu2,,view,2025-01-01T00:00:00Z\nu3,i3,fly,\n";
    Api.asTenant(tenant).contentType("text/csv").body(csv).post("/v1/imports/events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.pointer", contains("line 3/itemId", "line 4/type"));
    given().get("/v1/tenants/" + tenant + "/stats").then().body("events", equalTo(0)).body("items", equalTo(0));
  }

  @Test
  void aPartialImportKeepsTheGoodRowsAndReportsTheBadOnesByLine() {
    String tenant = Api.createTenant("partialcsv");
    byte[] good = "user,item,type\nu1,i1,view\n".getBytes(StandardCharsets.UTF_8);
    byte[] badUtf8 = new byte[] {'u', '2', ',', (byte) 0xC3, (byte) 0x28, ',', 'v', 'i', 'e', 'w', '\n'};
    byte[] rest = "u3,\"quoted, with comma\",view\nu4,i4\n\"u5\nline\",i5,view\n".getBytes(StandardCharsets.UTF_8);
    Api.asTenant(tenant).contentType("text/csv").queryParam("mode", "partial").body(concat(good, badUtf8, rest))
        .post("/v1/imports/events")
        .then()
        .statusCode(200)
        .body("rows", equalTo(5))
        .body("written", equalTo(2))
        .body("rejected", equalTo(3))
        .body("errors.pointer", contains("line 3", "line 5", "line 6/userId"))
        .body("errors[0].message", equalTo("the line is not valid UTF-8"));
    Api.asTenant(tenant).get("/v1/items/quoted, with comma").then().statusCode(200);
  }

  @Test
  void importsNdjson() {
    String tenant = Api.createTenant("ndjson");
    String body =
        "{\"eventId\":\"a\",\"userId\":\"u1\",\"itemId\":\"i1\",\"type\":\"purchase\",\"value\":19.9}\n"
            + "\n"
            + "{\"userId\":\"u1\",\"itemId\":\"i2\"}\n"
            + "{\"userId\":\"u1\",\"itemId\":\"i3\",\"value\":\"oops\"}\n"
            + "not json\n";
    Api.asTenant(tenant).contentType("application/x-ndjson").queryParam("mode", "partial").body(body.getBytes(StandardCharsets.UTF_8))
        .post("/v1/imports/events")
        .then()
        .statusCode(200)
        .body("rows", equalTo(4))
        .body("written", equalTo(2))
        .body("errors.pointer", contains("line 4", "line 5"))
        .body("errors[0].message", startsWith("/value"));
    Api.asTenant(tenant).get("/v1/events/a").then().body("type", equalTo("purchase"));
  }

  @Test
  void refusesAnUnknownColumnAndAnUnsupportedFormat() {
    String tenant = Api.createTenant("header");
    Api.asTenant(tenant).contentType("text/csv").body("user,item,colour\nu,i,red\n").post("/v1/imports/events")
        .then().statusCode(400).body("errors.pointer", hasItem("line 1"));
    Api.asTenant(tenant).contentType("application/xml").body("<x/>").post("/v1/imports/events")
        .then().statusCode(415).contentType("application/problem+json");
  }

  @Test
  void importsALargeFileStreamedInChunks() {
    String tenant = Api.createTenant("large");
    int rows = 60_000;
    Api.asTenant(tenant).contentType("text/csv").body(new GeneratedCsv(rows))
        .post("/v1/imports/events")
        .then()
        .statusCode(200)
        .body("rows", equalTo(rows))
        .body("written", equalTo(rows));
    given().get("/v1/tenants/" + tenant + "/stats").then().body("events", equalTo(rows)).body("items", equalTo(1000)).body("users", equalTo(5000));
  }

  @Test
  void anImportThatMeetsStoredEventsInItsSecondChunkStoresEachEventOnce() {
    // The test profile writes chunks of 5,000 rows: the first chunk of the big file is all new and
    // is copied straight into events; the second holds the 100 events stored before, so it and the
    // rest of the file take the staged path that skips them.
    String tenant = Api.createTenant("rechunk");
    Api.asTenant(tenant).contentType("text/csv").body(new GeneratedCsv(5_900, 100))
        .post("/v1/imports/events").then().statusCode(200).body("written", equalTo(100));
    Api.asTenant(tenant).contentType("text/csv").body(new GeneratedCsv(0, 12_000))
        .post("/v1/imports/events")
        .then()
        .statusCode(200)
        .body("rows", equalTo(12_000))
        .body("written", equalTo(11_900))
        .body("duplicates", equalTo(100));
    given().get("/v1/tenants/" + tenant + "/stats").then().body("events", equalTo(12_000)).body("users", equalTo(5000));
  }

  @Test
  void anEventIdRepeatedInOneFileIsStoredOnceAndOtherTenantsMayUseTheSameIds() {
    String csv = "event_id,user,item,type,timestamp\ne1,u1,i1,view,1600000000\ne2,u1,i2,view,1600000001\ne1,u1,i1,view,1600000000\n";
    String tenant = Api.createTenant("repeatid");
    String other = Api.createTenant("repeatidother");
    for (String owner : new String[] {tenant, other}) {
      Api.asTenant(owner).contentType("text/csv").body(csv).post("/v1/imports/events")
          .then().statusCode(200).body("rows", equalTo(3)).body("written", equalTo(2)).body("duplicates", equalTo(1));
    }
    Api.asTenant(tenant).queryParam("userId", "u1").get("/v1/events").then().body("data.eventId", contains("e2", "e1"));
    given().get("/v1/tenants/" + other + "/stats").then().body("events", equalTo(2));
  }

  @Test
  void importedTimestampsKeepTheirMicrosecondsAndTheirZone() {
    String tenant = Api.createTenant("micros");
    String csv = "event_id,user,item,type,timestamp\n"
        + "a,u1,i1,view,2024-02-29T23:59:59.000123Z\n"
        + "b,u1,i2,view,2024-03-01T01:00:00.5+02:00\n"
        + "c,u1,i3,view,1600000000\n"
        + "d,u1,i4,view,\n";
    Api.asTenant(tenant).contentType("text/csv").body(csv).post("/v1/imports/events").then().statusCode(200).body("written", equalTo(4));
    Api.asTenant(tenant).queryParam("userId", "u1").get("/v1/events").then()
        .body("data.find { it.eventId == 'a' }.timestamp", equalTo("2024-02-29T23:59:59.000123Z"))
        .body("data.find { it.eventId == 'b' }.timestamp", equalTo("2024-02-29T23:00:00.500Z"))
        .body("data.find { it.eventId == 'c' }.timestamp", equalTo("2020-09-13T12:26:40Z"))
        .body("data.find { it.eventId == 'd' }.timestampGiven", equalTo(false));
  }

  @Test
  void importsACatalogueCsvWithExtraColumnsAsAttributes() {
    String tenant = Api.createTenant("itemcsv");
    String csv = "item,title,categories,tags,price\ni1,\"Toy Story (1995)\",Animation|Comedy,pixar|fun,9.99\ni2,Heat,Action,,\n";
    Api.asTenant(tenant).contentType("text/csv").body(csv).post("/v1/imports/items")
        .then().statusCode(200).body("written", equalTo(2));
    Api.asTenant(tenant).get("/v1/items/i1").then()
        .body("title", equalTo("Toy Story (1995)"))
        .body("categories", contains("Animation", "Comedy"))
        .body("tags", contains("pixar", "fun"))
        .body("attributes.price", equalTo("9.99"));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** A CSV produced on the fly, so the test streams it instead of holding it. */
  private static final class GeneratedCsv extends InputStream {
    private final int end;
    private int row;
    private boolean headerWritten;
    private byte[] current = new byte[0];
    private int position;

    GeneratedCsv(int rows) {
      this(0, rows);
    }

    /** Rows {@code first} to {@code first + rows - 1}; row r is event "e" + r, the same in every file. */
    GeneratedCsv(int first, int rows) {
      this.row = first;
      this.end = first + rows;
    }

    @Override
    public int read() throws IOException {
      while (position == current.length) {
        if (!headerWritten) {
          current = "event_id,user,item,type,timestamp\n".getBytes(StandardCharsets.UTF_8);
          headerWritten = true;
        } else if (row == end) {
          return -1;
        } else {
          current = ("e" + row + ",u" + (row % 5000) + ",i" + (row % 1000) + ",view," + (1_600_000_000L + row) + "\n")
              .getBytes(StandardCharsets.UTF_8);
          row++;
        }
        position = 0;
      }
      return current[position++];
    }
  }
}
