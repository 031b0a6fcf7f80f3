-- AlterTable
ALTER TABLE "Session" ADD COLUMN "authTime" DATETIME;
ALTER TABLE "Session" ADD COLUMN "revokedReason" TEXT;

-- AlterTable
ALTER TABLE "RefreshToken" ADD COLUMN "authTime" DATETIME;
ALTER TABLE "RefreshToken" ADD COLUMN "remember" BOOLEAN NOT NULL DEFAULT true;
