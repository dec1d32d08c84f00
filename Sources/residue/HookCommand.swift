import ArgumentParser
import Foundation
import ResidueCore

struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Manage the git pre-commit hook.",
        subcommands: [Install.self]
    )

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Write .git/hooks/pre-commit so every commit runs 'residue scan --staged'."
        )

        @Argument(help: "The repository.", completion: .directory)
        var repository: String = "."

        @Flag(name: .customLong("force"), help: "Replace an existing pre-commit hook.")
        var force = false

        func run() throws {
            let hooks: String
            do {
                hooks = try GitSource(repository: repository).hooksDirectory()
            } catch {
                throw ResidueFailure(message: "\(repository): \(error.description)")
            }
            let hook = (hooks as NSString).appendingPathComponent("pre-commit")
            if FileManager.default.fileExists(atPath: hook) && !force {
                throw ResidueFailure(message: "\(hook) already exists; use --force to replace it")
            }
            // Prefer a `residue` on PATH (upgrades apply), else the binary that installed the hook.
            let installer = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
            let absoluteInstaller = installer.hasPrefix("/") ? installer
                : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(installer)
            let script = """
                #!/bin/sh
                # Installed by `residue hook install`: blocks commits that stage secrets.
                # Skip once with `git commit --no-verify`.
                if command -v residue >/dev/null 2>&1; then
                    exec residue scan --staged
                fi
                exec '\(absoluteInstaller.replacingOccurrences(of: "'", with: "'\\''"))' scan --staged

                """
            do {
                try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
                try Data(script.utf8).write(to: URL(fileURLWithPath: hook), options: .atomic)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
            } catch {
                throw ResidueFailure(message: "\(hook): cannot write hook: \(error.localizedDescription)")
            }
            Console.note("installed pre-commit hook at \(hook)")
        }
    }
}
