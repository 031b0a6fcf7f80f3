export type Posting = {
  id: string;
  title: string;
  description: string;
  location: string;
  createdAt: string;
  company: { id: string; name: string };
  applied: boolean;
};
