-- AlterTable
ALTER TABLE "RefreshToken" ADD COLUMN "dpopJkt" TEXT;

-- CreateTable
CREATE TABLE "DpopProof" (
    "jkt" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("jkt", "jti")
);

-- CreateIndex
CREATE INDEX "DpopProof_expiresAt_idx" ON "DpopProof"("expiresAt");

