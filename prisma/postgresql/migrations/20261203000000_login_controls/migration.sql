-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "authTime" TIMESTAMP(3),
ADD COLUMN     "revokedReason" TEXT;

-- AlterTable
ALTER TABLE "RefreshToken" ADD COLUMN     "authTime" TIMESTAMP(3),
ADD COLUMN     "remember" BOOLEAN NOT NULL DEFAULT true;
