import ArgumentParser
import Foundation
import ResidueCore

@main
struct Residue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "residue",
        abstract: "Find secrets and sensitive data left behind in serverless functions.",
        version: ResidueVersion.version,
        subcommands: [ScanCommand.self, AWSCommand.self, RulesCommand.self, BaselineCommand.self, MergeCommand.self, HookCommand.self,
                      EvaluateCommand.self],
        defaultSubcommand: nil
    )

    /// ArgumentParser exits 64 on usage errors; Residue promises 2 with a one-line reason.
    static func main() {
        MemoryPolicy.apply()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let failure as ResidueFailure {
            Console.error(failure.message)
            Foundation.exit(ExitStatus.error)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help and --version.
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = fullMessage(for: error)
                .split(whereSeparator: \.isNewline)
                .first
                .map { String($0).replacingOccurrences(of: "Error: ", with: "") } ?? "invalid arguments"
            Console.error("\(message) (see 'residue --help')")
            Foundation.exit(ExitStatus.error)
        }
    }
}

enum ExitStatus {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let error: Int32 = 2
}

/// An error the CLI reports as one line and exit status 2.
struct ResidueFailure: Error {
    var message: String
}

enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("residue: error: \(message)\n".utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data("residue: warning: \(TextReport.terminalSafe(message))\n".utf8))
    }

    static func warnings(_ warnings: [ScanWarning]) {
        for warning in warnings {
            self.warning("\(warning.path): \(warning.reason)")
        }
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("residue: \(message)\n".utf8))
    }

    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static var stdoutIsColourTerminal: Bool {
        let environment = ProcessInfo.processInfo.environment
        if environment["NO_COLOR"] != nil || environment["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }
}

extension Severity: ExpressibleByArgument {}
extension Confidence: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}

/// glibc's allocator as a long scan needs it: blocks of 128 KiB and more (read buffers, arrays of
/// findings) are mapped on their own and given back when freed, instead of leaving holes in the
/// heap that keep the peak resident; two arenas instead of eight per core. On the 10 GB tree of
/// the README this lowers the peak by about 15 MB, with no measurable cost in time.
enum MemoryPolicy {
    // <malloc.h>, which the Glibc module does not import.
    private static let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
    private static let arenaMax: Int32 = -8  // M_ARENA_MAX

    static func apply() {
        typealias MallocOption = @convention(c) (Int32, Int32) -> Int32
        // RTLD_DEFAULT: the C library already loaded; another libc (musl) simply has no mallopt.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallocOption.self)
        _ = mallopt(mmapThreshold, 128 << 10)
        _ = mallopt(arenaMax, 2)
    }
}
