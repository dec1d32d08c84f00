/// HashiCorp Configuration Language (HCL 2, native syntax): a parser that keeps exact positions,
/// for reading Terraform. Its own module: it knows nothing of secrets or of Residue.
public enum HCL {}
