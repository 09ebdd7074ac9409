package dev.taskmill.app.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameStartingWith;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;

/** The hexagon's rules that Maven's module dependencies cannot see (architecture.md). */
@AnalyzeClasses(packages = "dev.taskmill",
        importOptions = {ImportOption.DoNotIncludeTests.class, DoNotIncludeTestJars.class})
class HexagonalArchitectureTest {

    private static final String DOMAIN = "dev.taskmill.domain..";
    private static final String APPLICATION = "dev.taskmill.application..";
    private static final String PORTS = "dev.taskmill.application.port..";
    private static final String INBOUND_PORTS = "dev.taskmill.application.port.in..";
    private static final String SERVICES = "dev.taskmill.application.service..";
    private static final String ENGINE = "dev.taskmill.application.engine..";
    private static final String ADAPTERS = "dev.taskmill.adapter..";
    private static final String APP = "dev.taskmill.app..";
    /** The inbound adapters; a new transport adds its package here. */
    private static final String[] TRANSPORTS = {"dev.taskmill.adapter.rest.."};

    /** A class implementing an inbound port: a use-case service. */
    private static final DescribedPredicate<JavaClass> IMPLEMENT_A_USE_CASE = new DescribedPredicate<>(
            "implement a use case") {
        @Override
        public boolean test(JavaClass type) {
            return type.getAllRawInterfaces().stream()
                    .anyMatch(port -> port.getPackageName().equals("dev.taskmill.application.port.in")
                            && port.getSimpleName().endsWith("UseCase"));
        }
    };

    @ArchTest
    static final ArchRule dependencies_point_inwards_from_app_to_adapters_to_application_to_domain =
            layeredArchitecture().consideringOnlyDependenciesInLayers()
                    .layer("Domain").definedBy(DOMAIN)
                    .layer("Ports").definedBy(PORTS)
                    .layer("Services").definedBy(SERVICES)
                    .layer("Engine").definedBy(ENGINE)
                    .layer("Adapters").definedBy(ADAPTERS)
                    .layer("App").definedBy(APP)
                    .whereLayer("Domain").mayNotAccessAnyLayer()
                    .whereLayer("Ports").mayOnlyAccessLayers("Domain")
                    .whereLayer("Services").mayOnlyAccessLayers("Ports", "Domain")
                    .whereLayer("Engine").mayOnlyAccessLayers("Ports", "Domain")
                    .whereLayer("Adapters").mayOnlyAccessLayers("Ports", "Domain")
                    .whereLayer("Services").mayOnlyBeAccessedByLayers("App")
                    .whereLayer("Engine").mayOnlyBeAccessedByLayers("App")
                    .whereLayer("Adapters").mayOnlyBeAccessedByLayers("App")
                    .whereLayer("App").mayNotBeAccessedByAnyLayer()
                    .ensureAllClassesAreContainedInArchitecture()
                    .because("the module table of architecture.md: the domain is the centre, adapters reach the "
                            + "application only through its ports, the services reach the engine only through the "
                            + "EngineSignals port, and only the composition root knows the adapters and the engine");

    @ArchTest
    static final ArchRule domain_depends_on_nothing_but_the_jdk =
            classes().that().resideInAPackage(DOMAIN)
                    .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, "java..")
                    .because("the domain holds the rules every storage and transport shares, "
                            + "so it may not lean on any library");

    @ArchTest
    static final ArchRule domain_and_application_know_no_web_json_sql_logging_or_metrics_framework =
            noClasses().that().resideInAnyPackage(DOMAIN, APPLICATION)
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "jakarta..", "javax.ws.rs..", "javax.inject..", "org.glassfish..", "com.fasterxml..",
                            "java.sql..", "javax.sql..", "org.slf4j..", "org.apache.logging..", "ch.qos.logback..",
                            "io.micrometer..", "io.prometheus..")
                    .because("JAX-RS, Jackson and JDBC belong to their adapters, the core logs "
                            + "through System.Logger only, and meters are registered by the adapters and the app "
                            + "(Micrometer), from what the ports tell them");

    @ArchTest
    static final ArchRule adapters_do_not_depend_on_each_other =
            slices().matching("dev.taskmill.adapter.(*)..").namingSlices("adapter '$1'")
                    .should().notDependOnEachOther()
                    .because("a storage or a transport must be swappable without touching the others; "
                            + "only the app wires them together");

    @ArchTest
    static final ArchRule storage_adapters_use_only_outbound_ports =
            noClasses().that().resideInAnyPackage("dev.taskmill.adapter.memory..", "dev.taskmill.adapter.postgres..",
                            "dev.taskmill.adapter.usersfile..")
                    .should().dependOnClassesThat().resideInAPackage(INBOUND_PORTS)
                    .because("a storage implements an outbound port (TaskRepository, UserDirectory) and is driven "
                            + "by the application, never calls its use cases (architecture.md's module table)");

    @ArchTest
    static final ArchRule inbound_and_outbound_ports_do_not_depend_on_each_other =
            slices().matching("dev.taskmill.application.port.(*)..").namingSlices("port.$1")
                    .should().notDependOnEachOther()
                    .because("what callers ask of the application and what it needs from the outside "
                            + "change for different reasons");

    @ArchTest
    static final ArchRule ports_do_not_depend_on_services =
            noClasses().that().resideInAPackage(PORTS)
                    .should().dependOnClassesThat().resideInAPackage(SERVICES)
                    .because("ports are the contract and services one implementation of it");

    @ArchTest
    static final ArchRule no_package_takes_part_in_a_cycle =
            slices().matching("dev.taskmill.(**)")
                    .should().beFreeOfCycles()
                    .because("cycles between packages make them impossible to understand, test or move alone");

    @ArchTest
    static final ArchRule use_cases_are_interfaces_in_the_inbound_ports =
            classes().that().haveSimpleNameEndingWith("UseCase")
                    .should().beInterfaces()
                    .andShould().resideInAPackage("dev.taskmill.application.port.in")
                    .because("a use case is an inbound port: one interface per use case, implemented by a service");

    @ArchTest
    static final ArchRule inbound_port_interfaces_are_named_as_use_cases =
            classes().that().resideInAPackage("dev.taskmill.application.port.in").and().areInterfaces()
                    .and().areTopLevelClasses()
                    .should().haveSimpleNameEndingWith("UseCase")
                    .because("every interface an adapter calls is a use case and says so in its name (or, like "
                            + "the stream a use case opens, is declared inside it)");

    @ArchTest
    static final ArchRule transports_call_the_application_only_through_inbound_ports =
            noClasses().that().resideInAnyPackage(TRANSPORTS)
                    .should().dependOnClassesThat().resideInAnyPackage("dev.taskmill.application.port.out..",
                            SERVICES, ENGINE)
                    .because("a transport drives the application through its use cases (architecture.md), "
                            + "so that a new transport is one more caller of the same inbound ports");

    @ArchTest
    static final ArchRule services_do_not_depend_on_each_other =
            noClasses().that(IMPLEMENT_A_USE_CASE)
                    .should().dependOnClassesThat(IMPLEMENT_A_USE_CASE)
                    .because("each use case is one service, whose rules live in the domain or in its own class; "
                            + "a service calling another hides one use case inside another");

    @ArchTest
    static final ArchRule nothing_but_the_composition_root_reads_the_system_clock =
            noClasses().that().resideOutsideOfPackage(APP)
                    .should().callMethodWhere(target(name("now")).and(target(owner(resideInAPackage("java.time")))))
                    .orShould().callMethodWhere(target(nameStartingWith("system")).and(target(owner(type(Clock.class)))))
                    .orShould().callMethod(System.class, "currentTimeMillis")
                    .because("time comes in as a parameter or through the java.time.Clock the app wires in, so "
                            + "that tests control it (architecture.md, style.md); the benchmarks, which measure "
                            + "time, are no part of the server and not on this class path");
}
