package dev.taskmill.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the nodes' {@link JournalOperation}s wrote: each task's starts and ends, by task id. */
final class Journals {

    /** A {@code start} line. */
    record Start(String task, String node, long micros) {
    }

    /** An {@code end} line: {@code how} is {@code returned}, {@code stopped} or {@code threw}. */
    record End(String task, String node, long micros, String how) {
    }

    private final Map<String, List<Start>> starts = new HashMap<>();
    private final Map<String, List<End>> ends = new HashMap<>();
    private final List<String> malformed = new ArrayList<>();

    private Journals() {
    }

    /** Every {@code *.journal} file in {@code dir}. */
    static Journals read(Path dir) throws IOException {
        Journals journals = new Journals();
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(file -> file.getFileName().toString().endsWith(".journal")).sorted().toList();
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                journals.parse(file.getFileName() + ": " + line, line.split(" "));
            }
        }
        return journals;
    }

    private void parse(String where, String[] fields) {
        try {
            if (fields.length == 4 && fields[0].equals("start")) {
                starts.computeIfAbsent(fields[1], task -> new ArrayList<>())
                        .add(new Start(fields[1], fields[2], Long.parseLong(fields[3])));
                return;
            }
            if (fields.length == 5 && fields[0].equals("end")) {
                ends.computeIfAbsent(fields[1], task -> new ArrayList<>())
                        .add(new End(fields[1], fields[2], Long.parseLong(fields[3]), fields[4]));
                return;
            }
        } catch (NumberFormatException e) {
            // below
        }
        malformed.add(where);
    }

    List<Start> starts(String task) {
        return starts.getOrDefault(task, List.of());
    }

    List<End> ends(String task) {
        return ends.getOrDefault(task, List.of());
    }

    /** The ids of every task with a start line. */
    java.util.Set<String> started() {
        return starts.keySet();
    }

    int startCount() {
        return starts.values().stream().mapToInt(List::size).sum();
    }

    List<String> malformed() {
        return malformed;
    }
}
