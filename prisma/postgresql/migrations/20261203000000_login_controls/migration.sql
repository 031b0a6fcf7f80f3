-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "authTime" TIMESTAMP(3),
ADD COLUMN     "revokedReason" TEXT;

-- AlterTable
ALTER TABLE "RefreshToken" ADD COLUMN     "authTime" TIMESTAMP(3),
ADD COLUMN     "remember" BOOLEAN NOT NULL DEFAULT true;

-- The revocation check (ACCESS_TOKEN_REVOCATION=check) reads a family's newest token.
DROP INDEX "RefreshToken_familyId_idx";
CREATE INDEX "RefreshToken_familyId_issuedAt_idx" ON "RefreshToken"("familyId", "issuedAt");
