package io.hireflow.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.hireflow.api.dictionary.ColumnType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, checked on the compiled classes: packages without cycles, HTTP statuses decided only
 * at the edge, and the package map in docs/ARCHITECTURE.md true to the code (regenerate it from this test's
 * failure message when a package gains or loses a dependency).
 */
class ArchitectureTest {

    private static final String ROOT = "io.hireflow.api";
    private static final Path ARCHITECTURE = Path.of("..", "docs", "ARCHITECTURE.md");
    private static final Pattern MAP = Pattern.compile("## Package map.*?```\\n(.*?)```", Pattern.DOTALL);

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    /** Below the resources, code raises domain exceptions (io.hireflow.api.failure); only the edge knows statuses. */
    @Test
    void onlyTheEdgeAnswersWithProblems() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".problem..", ROOT + ".security..")
                .and().haveSimpleNameNotEndingWith("Resource")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".problem..")
                .because("services and repositories throw domain exceptions; ProblemMapper alone picks the status")
                .check(CLASSES);
    }

    /**
     * Per-type behaviour lives on the type: a switch on a ColumnType compiles to a call of its ordinal(), so no class
     * outside ColumnType.java calls that. (Adding a type would otherwise mean finding every switch again.)
     */
    @Test
    void onlyTheColumnTypeSwitchesOnItself() {
        noClasses().that(DescribedPredicate.describe("are outside ColumnType.java",
                (JavaClass type) -> !type.getName().startsWith(ColumnType.class.getName())))
                .should().callMethod(ColumnType.class, "ordinal")
                .because("what differs by column type is a method of ColumnType (see docs/ARCHITECTURE.md)")
                .check(CLASSES);
    }

    @Test
    void theArchitectureDocumentShowsTheRealPackageMap() throws IOException {
        String document = Files.readString(ARCHITECTURE);
        Matcher written = MAP.matcher(document);
        assertEquals(true, written.find(), "docs/ARCHITECTURE.md has no '## Package map' code block");
        assertEquals(packageMap(), written.group(1),
                "docs/ARCHITECTURE.md's package map is out of date; replace its code block with the expected text");
    }

    /** One line per package: the packages its classes use, as `name -> a, b`. */
    static String packageMap() {
        Map<String, SortedSet<String>> uses = new TreeMap<>();
        for (JavaClass type : CLASSES) {
            feature(type).ifPresent(from -> {
                SortedSet<String> targets = uses.computeIfAbsent(from, name -> new TreeSet<>());
                for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                    feature(dependency.getTargetClass()).filter(to -> !to.equals(from)).ifPresent(targets::add);
                }
            });
        }
        int width = uses.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        return uses.entrySet().stream()
                .map(e -> String.format("%-" + width + "s-> %s", e.getKey(), String.join(", ", e.getValue())).strip())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** The feature package a class belongs to (`backup` for io.hireflow.api.backup.x.Y), if any. */
    private static Optional<String> feature(JavaClass type) {
        String name = type.getPackageName();
        if (!name.startsWith(ROOT + ".")) {
            return Optional.empty();
        }
        String rest = name.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }
}
