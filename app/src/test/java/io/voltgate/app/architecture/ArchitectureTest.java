package io.voltgate.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of ARCHITECTURE.md, checked on the compiled production classes of every
 * module: modules point one way (app → api, gateway; api → store; gateway → store; store →
 * schemas), and the packages of the modules that are already cycle-free stay so.
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
        .should().dependOnClassesThat().resideInAnyPackage("io.voltgate.gateway..", "io.voltgate.api..", "io.voltgate.app..")
        .check(production);
  }

  @Test
  void theEdgeDoesNotImportTheApi() {
    noClasses().that().resideInAPackage("io.voltgate.gateway..")
        .should().dependOnClassesThat().resideInAnyPackage("io.voltgate.api..", "io.voltgate.app..")
        .check(production);
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
