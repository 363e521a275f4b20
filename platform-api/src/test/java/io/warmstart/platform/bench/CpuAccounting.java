package io.warmstart.platform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU seconds used so far by the platform process, by all PostgreSQL processes and by this
 * benchmark client, read from /proc (Linux). Differences around a timed section show where the
 * time of an ingestion path goes.
 */
record CpuAccounting(double platform, double postgres, double client) {

  private static final double TICKS_PER_SECOND = 100.0;

  static CpuAccounting sample(long platformPid) {
    return new CpuAccounting(cpuOf(platformPid), postgresCpu(), cpuOf(ProcessHandle.current().pid()));
  }

  CpuAccounting minus(CpuAccounting before) {
    return new CpuAccounting(platform - before.platform, postgres - before.postgres, client - before.client);
  }

  private static double postgresCpu() {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .mapToDouble(p -> {
            String[] stat = readStat(p);
            return stat != null && stat[1].equals("(postgres)") ? seconds(stat) : 0;
          })
          .sum();
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  private static double cpuOf(long pid) {
    String[] stat = readStat(Path.of("/proc", Long.toString(pid)));
    return stat == null ? Double.NaN : seconds(stat);
  }

  private static double seconds(String[] stat) {
    return (Long.parseLong(stat[13]) + Long.parseLong(stat[14])) / TICKS_PER_SECOND;
  }

  private static String[] readStat(Path process) {
    try {
      return Files.readString(process.resolve("stat")).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
