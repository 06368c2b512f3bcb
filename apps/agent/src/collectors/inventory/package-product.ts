/** What the package database knows of an executable: the VMProcess product columns. */
export interface PackageProduct {
  /** The product: the source package (dpkg `Source`, rpm source rpm name), else the package name. */
  readonly productName: string;
  readonly productVersion: string;
  /** dpkg `Maintainer` (name only), rpm `VENDOR`; empty when unknown. */
  readonly companyName: string;
  /** First line of the package description (rpm `SUMMARY`). */
  readonly description: string;
  /** The binary package that installed the file (`nginx-core`, `coreutils`). */
  readonly package: string;
}
