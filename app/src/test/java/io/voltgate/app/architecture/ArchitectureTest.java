package io.voltgate.app.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of ARCHITECTURE.md, checked on the compiled production classes of every
 * module: modules point one way (app → api, gateway; api → services → store; gateway → store;
 * store → schemas; services without vertx-web); no package cycle in gateway, store or api; API families never import each other; the
 * shared HTTP conventions know no family and no kind of caller; endpoint classes issue no SQL (they
 * call the query layer in {@code store.query}).
 */
class ArchitectureTest {

  private static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.voltgate");
  }

  @Test
  void theSchemasKnowNoOtherModule() {
    noClasses().that().resideInAPackage("io.voltgate.schemas..")
        .should().dependOnClassesThat().resideInAnyPackage("io.voltgate.store..", "io.voltgate.config..",
            "io.voltgate.gateway..", "io.voltgate.api..", "io.voltgate.app..")
        .check(production);
  }

  @Test
  void theStoreKnowsNeitherTheEdgeNorHttpNorTheLauncher() {
    noClasses().that().resideInAnyPackage("io.voltgate.store..", "io.voltgate.config..")
        .should().dependOnClassesThat().resideInAnyPackage("io.voltgate.gateway..", "io.voltgate.api..", "io.voltgate.app..",
            "io.voltgate.services..")
        .check(production);
  }

  @Test
  void theEdgeDoesNotImportTheApi() {
    noClasses().that().resideInAPackage("io.voltgate.gateway..")
        .should().dependOnClassesThat().resideInAnyPackage("io.voltgate.api..", "io.voltgate.app..", "io.voltgate.services..")
        .check(production);
  }

  @Test
  void servicesKnowNeitherHttpNorTheEdge() {
    noClasses().that().resideInAPackage("io.voltgate.services..")
        .should().dependOnClassesThat().resideInAnyPackage("io.voltgate.api..", "io.voltgate.gateway..",
            "io.voltgate.app..", "io.vertx.ext.web", "io.vertx.ext.web.handler..")
        .check(production);
  }

  @Test
  void theServicesPackagesHaveNoCycle() {
    slices().assignedFrom(packagesUnder("io.voltgate.services")).should().beFreeOfCycles().check(production);
  }

  @Test
  void theApiDoesNotImportTheEdge() {
    noClasses().that().resideInAPackage("io.voltgate.api..")
        .should().dependOnClassesThat().resideInAnyPackage("io.voltgate.gateway..", "io.voltgate.app..")
        .check(production);
  }

  @Test
  void theEdgesPackagesHaveNoCycle() {
    slices().assignedFrom(packagesUnder("io.voltgate.gateway")).should().beFreeOfCycles().check(production);
  }

  @Test
  void theStoresPackagesHaveNoCycle() {
    slices().assignedFrom(packagesUnder("io.voltgate.store")).should().beFreeOfCycles().check(production);
  }

  @Test
  void theApisPackagesHaveNoCycle() {
    slices().assignedFrom(packagesUnder("io.voltgate.api")).should().beFreeOfCycles().check(production);
  }

  @Test
  void familiesNeverImportEachOther() {
    FAMILIES.forEach((family, packages) -> FAMILIES.forEach((other, otherPackages) -> {
      if (!family.equals(other)) {
        noClasses().that().resideInAnyPackage(packages)
            .should().dependOnClassesThat().resideInAnyPackage(otherPackages)
            .as(family + " must not import " + other)
            .check(production);
      }
    }));
  }

  @Test
  void theHttpConventionsKnowNoFamilyAndNoKindOfCaller() {
    noClasses().that().resideInAPackage("io.voltgate.api.http..")
        .should().dependOnClassesThat().resideInAnyPackage("io.voltgate.api.auth..", "io.voltgate.api.family..",
            "io.voltgate.api.platform..", "io.voltgate.api.server..", "io.voltgate.api.emsp..", "io.voltgate.api.emp..")
        .orShould().dependOnClassesThat().resideInAnyPackage(CPMS_FAMILY)
        .check(production);
  }

  @Test
  void theSsePlumbingKnowsNoFamily() {
    noClasses().that().resideInAPackage("io.voltgate.api.sse..")
        .should().dependOnClassesThat().resideInAnyPackage("io.voltgate.api.platform..", "io.voltgate.api.emsp..",
            "io.voltgate.api.emp..")
        .orShould().dependOnClassesThat().resideInAnyPackage(CPMS_FAMILY)
        .check(production);
  }

  /** Rendering a row the query layer returned is allowed; pools, connections, queries and tuples are not. */
  @Test
  void endpointClassesIssueNoSql() {
    noClasses().that().haveSimpleNameEndingWith("Endpoints").and().resideInAPackage("io.voltgate.api..")
        .should().dependOnClassesThat(resideInAPackage("io.vertx.sqlclient..").and(not(simpleName("Row"))))
        .check(production);
  }

  /**
   * The packages of the operator (cpms) family. Not {@code api.sse}: the SSE plumbing (the event feed
   * and its request handling) serves the operator's and the eMSP stream alike, and knows no family
   * ({@link #theSsePlumbingKnowsNoFamily}).
   */
  private static final String[] CPMS_FAMILY = {"io.voltgate.api.cpms..", "io.voltgate.api.control..",
      "io.voltgate.api.loadbalancing..", "io.voltgate.api.webhooks.."};

  /** Each API family's packages. */
  private static final Map<String, String[]> FAMILIES = Map.of(
      "platform", new String[] {"io.voltgate.api.platform.."},
      "cpms", CPMS_FAMILY,
      "emsp", new String[] {"io.voltgate.api.emsp.."},
      "emp", new String[] {"io.voltgate.api.emp.."});

  /** Every package under the root (the root included) is a slice of its own. */
  private static SliceAssignment packagesUnder(String root) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String pkg = javaClass.getPackageName();
        return pkg.equals(root) || pkg.startsWith(root + ".") ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "packages under " + root;
      }
    };
  }
}
