import { MigrationInterface, QueryRunner } from 'typeorm';
import { attachChangeFeed, detachChangeFeed } from '../src/database/change-feed';

/**
 * Evidence files of a finding's rectification (整改佐证材料, issue #20): the bytes in PostgreSQL
 * beside the name, type, size and SHA-256, the finding's region and the uploader; a part of the
 * finding's change feed (evidence: uploaded, removed).
 */
export class SupervisionEvidenceFiles1796430173446 implements MigrationInterface {
  name = 'SupervisionEvidenceFiles1796430173446';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "supervision_evidence_files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "finding_id" uuid NOT NULL, "region_code" character varying(12) COLLATE "C" NOT NULL, "file_name" character varying(255) NOT NULL, "media_type" character varying(100) NOT NULL, "size_bytes" integer NOT NULL, "sha256" character(64) NOT NULL, "content" bytea NOT NULL, "note" text, "uploaded_by_id" character varying(64) NOT NULL, "uploaded_by_name" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a91c14e8949637af82deb61474" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "supervision_evidence_files_region_code_idx" ON "supervision_evidence_files"  ("region_code") `);
    await queryRunner.query(`CREATE INDEX "supervision_evidence_files_finding_idx" ON "supervision_evidence_files"  ("finding_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "supervision_evidence_files" ADD CONSTRAINT "supervision_evidence_files_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "supervision_findings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supervision_evidence_files" ADD CONSTRAINT "supervision_evidence_files_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await attachChangeFeed(queryRunner, { table: 'supervision_evidence_files', root: 'SupervisionFinding', rootTable: 'supervision_findings', rootIdColumn: 'finding_id', part: 'evidence' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await detachChangeFeed(queryRunner, 'supervision_evidence_files');
    await queryRunner.query(`ALTER TABLE "supervision_evidence_files" DROP CONSTRAINT "supervision_evidence_files_region_code_fkey"`);
    await queryRunner.query(`ALTER TABLE "supervision_evidence_files" DROP CONSTRAINT "supervision_evidence_files_finding_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_evidence_files_finding_idx"`);
    await queryRunner.query(`DROP INDEX "public"."supervision_evidence_files_region_code_idx"`);
    await queryRunner.query(`DROP TABLE "supervision_evidence_files"`);
  }
}
