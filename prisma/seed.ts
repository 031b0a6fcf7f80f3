/**
 * Demo data. Idempotent: users are matched by email, postings by fixed ids and applications by
 * their unique pair, so running it twice changes nothing.
 */
import { db } from '@/lib/db/client';
import { hashPassword } from '@/lib/auth/password';

export const DEMO_PASSWORD = 'demo-password';

const companies = [
  {
    email: 'acme@example.com',
    name: 'Ada Hiring',
    companyName: 'Acme Robotics',
    postings: [
      { id: 'seed-acme-firmware', title: 'Firmware engineer', location: 'Berlin', description: 'Write the code that keeps our warehouse robots on their feet.' },
      { id: 'seed-acme-support', title: 'Field support technician', location: 'Hamburg', description: 'Visit customers, fix robots, teach people to trust them.' },
      { id: 'seed-acme-design', title: 'Product designer', location: 'Remote', description: 'Design the screens operators use to steer a fleet of robots.' },
    ],
  },
  {
    email: 'globex@example.com',
    name: 'Grace Recruiter',
    companyName: 'Globex Logistics',
    postings: [
      { id: 'seed-globex-planner', title: 'Route planner', location: 'Rotterdam', description: 'Plan how ten thousand parcels a day find their way home.' },
      { id: 'seed-globex-data', title: 'Data analyst', location: 'Remote', description: 'Turn delivery logs into decisions.' },
    ],
  },
];

const seekers = [
  { email: 'alice@example.com', name: 'Alice Applicant', appliesTo: ['seed-acme-firmware', 'seed-globex-data'] },
  { email: 'bob@example.com', name: 'Bob Builder', appliesTo: ['seed-acme-firmware'] },
];

async function upsertUser(data: { email: string; name: string; role: 'seeker' | 'company'; companyName?: string }) {
  const existing = await db().user.findUnique({ where: { email: data.email }, select: { id: true } });
  if (existing) return existing.id;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const created = await db().user.create({ data: { ...data, passwordHash }, select: { id: true } });
  return created.id;
}

export async function seed(): Promise<void> {
  for (const company of companies) {
    const companyId = await upsertUser({ email: company.email, name: company.name, role: 'company', companyName: company.companyName });
    for (const { id, ...posting } of company.postings) {
      await db().jobPosting.upsert({ where: { id }, update: {}, create: { id, companyId, ...posting } });
    }
  }
  for (const seeker of seekers) {
    const seekerId = await upsertUser({ email: seeker.email, name: seeker.name, role: 'seeker' });
    for (const postingId of seeker.appliesTo) {
      await db().application.upsert({
        where: { postingId_seekerId: { postingId, seekerId } },
        update: {},
        create: { postingId, seekerId },
      });
    }
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  seed()
    .then(() => console.log(`Seeded demo data. Demo logins (password "${DEMO_PASSWORD}"): ${[...companies, ...seekers].map((u) => u.email).join(', ')}`))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => db().$disconnect());
}
