package dev.taskmill.app;

import dev.taskmill.adapter.usersfile.UsersFile;
import dev.taskmill.application.port.in.ManageUsersUseCase;
import dev.taskmill.application.port.in.UserAlreadyExistsException;
import dev.taskmill.application.port.out.UserAccount;
import dev.taskmill.application.service.UserAdministration;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code taskmill users add|remove|list}: keeps the users file; a running server picks the changes up. */
@Command(name = "users", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = "Adds, removes and lists the users who may call the API.",
        subcommands = {UsersCommand.Add.class, UsersCommand.Remove.class, UsersCommand.ListUsers.class})
final class UsersCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say add, remove or list");
    }

    /** The {@code --users-file} option every subcommand takes. */
    static final class UsersFileOption {
        @Option(names = "--users-file", paramLabel = "FILE", defaultValue = SecurityConfig.DEFAULT_USERS_FILE,
                description = "The users file.%n  Env: TASKMILL_USERS_FILE. Default: "
                        + SecurityConfig.DEFAULT_USERS_FILE + " in the working directory.")
        String path;

        UsersFile open(CommandSpec spec) {
            try {
                return UsersFile.open(Path.of(path.strip()));
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = {"Adds a user; refuses a name that exists unless --replace is given.",
                    "Asks for the password on a terminal; otherwise reads it as one line from standard input."})
    static final class Add implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "1 to 64 letters, digits, '.', '_', '@' or '-'.")
        String name;

        @Option(names = "--permissions", paramLabel = "PERMISSION", split = ",", required = true,
                description = "Comma-separated: read (poll and list every task), create (submit calls),"
                        + " delete (cancel every task). Submitters may always read and cancel their own tasks.")
        List<String> permissions;

        @Option(names = "--replace",
                description = "If the user exists, replace their password and permissions instead of refusing.")
        boolean replace;

        @Mixin
        UsersFileOption file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Set<Permission> granted = EnumSet.noneOf(Permission.class);
            try {
                UserAccount.requireName(name);
                for (String permission : permissions) {
                    granted.add(Permission.fromWireName(permission.strip()));
                }
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            UsersFile users = file.open(spec);
            char[] password = readPassword();
            ManageUsersUseCase administration = new UserAdministration(users);
            boolean added = true;
            try {
                if (replace) {
                    added = administration.addOrReplaceUser(name, password, granted);
                } else {
                    administration.addUser(name, password, granted);
                }
            } catch (UserAlreadyExistsException e) {
                spec.commandLine().getErr().printf("taskmill: %s in %s; nothing changed (give --replace to replace"
                        + " their password and permissions)%n", e.getMessage(), users.path());
                return CommandLine.ExitCode.SOFTWARE;
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            } finally {
                Arrays.fill(password, '\0');
            }
            spec.commandLine().getOut().printf("%s user '%s' with permissions %s in %s%n", added ? "Added" : "Replaced",
                    name, describe(granted), users.path());
            return CommandLine.ExitCode.OK;
        }

        private char[] readPassword() {
            Console console = System.console();
            if (console != null) {
                char[] first = console.readPassword("Password for %s: ", name);
                char[] again = console.readPassword("Password again: ");
                if (first == null || !Arrays.equals(first, again)) {
                    throw new ParameterException(spec.commandLine(), "the passwords differ");
                }
                return first;
            }
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new ParameterException(spec.commandLine(), "no password on standard input");
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Removes a user; their requests are refused from then on.")
    static final class Remove implements Callable<Integer> {

        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        UsersFileOption file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            UsersFile users = file.open(spec);
            ManageUsersUseCase administration = new UserAdministration(users);
            if (!administration.removeUser(name)) {
                spec.commandLine().getErr().printf("taskmill: no user '%s' in %s%n", name, users.path());
                return CommandLine.ExitCode.SOFTWARE;
            }
            spec.commandLine().getOut().printf("Removed user '%s' from %s%n", name, users.path());
            return CommandLine.ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Lists the users and their permissions.")
    static final class ListUsers implements Callable<Integer> {

        @Mixin
        UsersFileOption file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            UsersFile users = file.open(spec);
            List<Caller> callers = new UserAdministration(users).users();
            if (callers.isEmpty()) {
                spec.commandLine().getOut().printf("No users in %s%n", users.path());
            }
            for (Caller caller : callers) {
                spec.commandLine().getOut().printf("%s\t%s%n", caller.name(), describe(caller.permissions()));
            }
            return CommandLine.ExitCode.OK;
        }
    }

    private static String describe(Set<Permission> permissions) {
        if (permissions.isEmpty()) {
            return "(none: own tasks only)";
        }
        Set<Permission> ordered = EnumSet.copyOf(permissions);
        return ordered.stream().map(Permission::wireName).collect(Collectors.joining(","));
    }
}
