import Testing
@testable import HCL
